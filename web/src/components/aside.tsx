// The right column on wide screens: search, and what this server is and who runs it.
import { type FormEvent, useState } from "react";
import { useSession } from "../hooks/session.tsx";
import { Link, navigate } from "../router.tsx";
import { displayName } from "./avatar.tsx";

export function Aside() {
  const { instance } = useSession();
  const [q, setQ] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  const admin = instance?.contact.account;
  return (
    <aside className="aside" aria-label="About this server">
      <search>
        <form onSubmit={submit}>
          <label htmlFor="aside-search" className="visually-hidden">
            Search Atelier
          </label>
          <input
            id="aside-search"
            type="search"
            placeholder="Search"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
        </form>
      </search>
      {instance ? (
        <section className="aside-card">
          <h2>{instance.title}</h2>
          <p>{instance.description}</p>
          {admin ? (
            <p className="muted">
              Run by <Link href={`/@${admin.acct}`}>{displayName(admin)}</Link>
            </p>
          ) : null}
          <p className="muted">
            Works with any Mastodon app: point it at <strong>{instance.domain}</strong>.
          </p>
        </section>
      ) : null}
      <p className="aside-footer muted">
        Press <kbd>?</kbd> for keyboard shortcuts
      </p>
    </aside>
  );
}
