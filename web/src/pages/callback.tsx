// /auth/callback: where the server's sign-in page sends the person back with a code.
import { useEffect, useRef, useState } from "react";
import { finishSignIn } from "../api/auth.ts";
import { Loading } from "../components/skeleton.tsx";
import { ErrorNotice } from "../components/status-list.tsx";
import { useSession } from "../hooks/session.tsx";
import { navigate } from "../router.tsx";

export function CallbackPage() {
  const { adopt } = useSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // the code is single-use; StrictMode mounts effects twice
    started.current = true;
    finishSignIn(new URLSearchParams(window.location.search))
      .then(async ({ token, returnTo }) => {
        await adopt(token);
        navigate(returnTo, { replace: true });
      })
      .catch((err: Error) => setError(err.message));
  }, [adopt]);
  return (
    <div className="page narrow">
      <h1>Signing you in…</h1>
      {error ? <ErrorNotice message={error} /> : <Loading label="Signing you in" />}
    </div>
  );
}
