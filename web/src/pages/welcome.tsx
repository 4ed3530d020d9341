// Signed-out screens: the welcome card (with an invitation to create the first, admin account on
// a server nobody runs yet), sign-in (the server's OAuth page) and sign-up (registration by API).
import { type FormEvent, useState } from "react";
import { signUp, startSignIn } from "../api/auth.ts";
import { FormError } from "../components/form-error.tsx";
import { useSession } from "../hooks/session.tsx";
import { Link, navigate } from "../router.tsx";

export function Welcome() {
  const { instance } = useSession();
  const unclaimed = instance ? instance.contact.account === null : false;
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">
        {unclaimed ? "Welcome to your new Atelier" : `Welcome to ${instance?.title ?? "Atelier"}`}
      </h2>
      {unclaimed ? (
        <p>Nobody runs this server yet. Create the first account: it becomes the administrator.</p>
      ) : (
        <p>{instance?.description ?? "A place to share what you make."}</p>
      )}
      <div className="welcome-actions">
        <Link href="/signup" className="button primary">
          {unclaimed ? "Create the admin account" : "Create an account"}
        </Link>
        <button type="button" onClick={() => startSignIn(window.location.pathname)}>
          Sign in
        </button>
      </div>
    </section>
  );
}

export function SignInPage({ reason }: { reason?: string }) {
  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      <p>{reason ?? "You'll sign in on this server's secure sign-in page, then come right back."}</p>
      <div className="welcome-actions">
        <button
          type="button"
          className="primary"
          onClick={() => startSignIn(window.location.pathname === "/signin" ? "/" : window.location.pathname)}
        >
          Sign in
        </button>
        <Link href="/signup" className="button">
          Create an account
        </Link>
      </div>
    </div>
  );
}

export function SignUpPage() {
  const { adopt, instance } = useSession();
  const [form, setForm] = useState({ username: "", email: "", password: "", agreement: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unclaimed = instance ? instance.contact.account === null : false;
  const closed = instance ? !instance.registrations.enabled : false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const token = await signUp(form);
      await adopt(token);
      navigate("/", { replace: true });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: "username" | "email" | "password") => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });

  return (
    <div className="page narrow">
      <h1>{unclaimed ? "Create the admin account" : "Create your account"}</h1>
      {unclaimed ? <p>You're the first here, so this account will administer the server.</p> : null}
      {closed ? <p className="notice">This server isn't taking new sign-ups right now.</p> : null}
      <form className="stack" onSubmit={submit}>
        <label>
          Username
          <input
            required
            autoComplete="username"
            pattern="[A-Za-z0-9_]+"
            maxLength={30}
            {...field("username")}
          />
          <small>Letters, numbers and underscores. People will find you as @username.</small>
        </label>
        <label>
          Email
          <input required type="email" autoComplete="email" {...field("email")} />
        </label>
        <label>
          Password
          <input
            required
            type="password"
            autoComplete="new-password"
            minLength={8}
            maxLength={72}
            {...field("password")}
          />
          <small>At least 8 characters.</small>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            required
            checked={form.agreement}
            onChange={(e) => setForm({ ...form, agreement: e.target.checked })}
          />
          I agree to the server rules and terms
        </label>
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy || closed}>
          {busy ? "Creating…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account?{" "}
        <button type="button" className="link-button" onClick={() => startSignIn("/")}>
          Sign in
        </button>
      </p>
    </div>
  );
}
