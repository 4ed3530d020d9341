// Search people, hashtags and posts (GET /api/v2/search); the query lives in the URL.
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../api/client.ts";
import type { SearchResults } from "../api/types.ts";
import { AccountRow } from "../components/account-row.tsx";
import { Loading } from "../components/skeleton.tsx";
import { StatusCard } from "../components/status-card.tsx";
import { ErrorNotice } from "../components/status-list.tsx";
import { Link, navigate } from "../router.tsx";

export default function SearchPage({ q }: { q: string }) {
  const [input, setInput] = useState(q);
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setInput(q);
    if (!q.trim()) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api<SearchResults>("/api/v2/search", { query: { q, limit: 20 }, signal: controller.signal })
      .then(setResults)
      .catch((err: Error) => {
        if (err.name !== "AbortError") setError(err.message);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/search?q=${encodeURIComponent(input.trim())}`);
  };
  const nothing = results && !results.accounts.length && !results.hashtags.length && !results.statuses.length;

  return (
    <div className="page">
      <h1>Search</h1>
      <search>
        <form className="search-form" onSubmit={submit}>
          <label htmlFor="search-input" className="visually-hidden">
            Search people, hashtags and posts
          </label>
          <input
            id="search-input"
            type="search"
            value={input}
            placeholder="Search people, #hashtags and posts"
            onChange={(event) => setInput(event.target.value)}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </form>
      </search>
      {error ? <ErrorNotice message={error} /> : null}
      {loading ? <Loading label="Searching" /> : null}
      {nothing && !loading ? <p className="empty">Nothing found for “{q}”.</p> : null}
      {results && !loading ? (
        <>
          {results.accounts.length ? (
            <section aria-labelledby="search-people">
              <h2 id="search-people">People</h2>
              {results.accounts.map((a) => (
                <AccountRow key={a.id} account={a} />
              ))}
            </section>
          ) : null}
          {results.hashtags.length ? (
            <section aria-labelledby="search-tags">
              <h2 id="search-tags">Hashtags</h2>
              <ul className="tag-list">
                {results.hashtags.map((t) => (
                  <li key={t.name}>
                    <Link href={`/tags/${encodeURIComponent(t.name)}`}>#{t.name}</Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {results.statuses.length ? (
            <section aria-labelledby="search-posts">
              <h2 id="search-posts">Posts</h2>
              {results.statuses.map((s) => (
                <StatusCard key={s.id} status={s} />
              ))}
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
