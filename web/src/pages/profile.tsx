// A person's page: header, bio, fields, counts, follow button, and tabs for posts, replies,
// media, followers and following.
import { useEffect, useState } from "react";
import { lookupAccount } from "../api/accounts.ts";
import { apiPage } from "../api/client.ts";
import type { Account } from "../api/types.ts";
import { AccountRow } from "../components/account-row.tsx";
import { Avatar, displayName } from "../components/avatar.tsx";
import { FollowButton } from "../components/follow-button.tsx";
import { RenderedHtml } from "../components/rendered-html.tsx";
import { Loading } from "../components/skeleton.tsx";
import { ErrorNotice, ListFooter, StatusList } from "../components/status-list.tsx";
import { usePagedList } from "../hooks/paged-list.ts";
import { useSession } from "../hooks/session.tsx";
import { useTimeline } from "../hooks/timeline.ts";
import { Link } from "../router.tsx";

type Tab = "posts" | "replies" | "media" | "followers" | "following";
const TAB_PATHS: Record<Tab, string> = {
  posts: "",
  replies: "/with_replies",
  media: "/media",
  followers: "/followers",
  following: "/following",
};

function Posts({ account, tab }: { account: Account; tab: "posts" | "replies" | "media" }) {
  const query =
    tab === "posts"
      ? { exclude_replies: true }
      : tab === "media"
        ? { only_media: true }
        : ({} as Record<string, boolean>);
  const list = useTimeline({ path: `/api/v1/accounts/${account.id}/statuses`, query });
  return <StatusList list={list} label={`Posts by @${account.acct}`} empty="No posts here yet." />;
}

function People({ account, tab }: { account: Account; tab: "followers" | "following" }) {
  const list = usePagedList<Account>(
    (maxId) =>
      apiPage<Account>(`/api/v1/accounts/${account.id}/${tab}`, { query: { max_id: maxId, limit: 40 } }),
    `${account.id}/${tab}`,
  );
  return (
    <section aria-label={tab === "followers" ? "Followers" : "Following"}>
      {list.items.map((a) => (
        <AccountRow key={a.id} account={a} />
      ))}
      {!list.loading && !list.items.length ? <p className="empty">Nobody yet.</p> : null}
      <ListFooter list={list} label={tab} />
    </section>
  );
}

export default function ProfilePage({ acct, tab }: { acct: string; tab: Tab }) {
  const { me } = useSession();
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAccount(null);
    setError(null);
    lookupAccount(acct)
      .then(setAccount)
      .catch((err: Error) => setError(err.message));
  }, [acct]);
  // Your own profile follows edits made in Settings.
  const shown = account && me && account.id === me.id ? { ...account, ...me } : account;
  if (error) return <ErrorNotice message={error} />;
  if (!shown) return <Loading label="Loading profile" />;

  const base = `/@${shown.acct}`;
  const counts = [
    { label: "Posts", value: shown.statuses_count, href: base },
    { label: "Following", value: shown.following_count, href: `${base}/following` },
    { label: "Followers", value: shown.followers_count, href: `${base}/followers` },
  ];
  return (
    <div className="page profile">
      <div className="profile-header">
        <img className="profile-banner" src={shown.header} alt="" />
        <div className="profile-identity">
          <Avatar account={shown} size={96} />
          <div className="profile-actions">
            {me?.id === shown.id ? (
              <Link href="/settings" className="button">
                Edit profile
              </Link>
            ) : (
              <FollowButton account={shown} />
            )}
          </div>
        </div>
        <h1>
          <bdi>{displayName(shown)}</bdi>
          {shown.bot ? <span className="chip">Bot</span> : null}
        </h1>
        <p className="acct">@{shown.acct}</p>
        <RenderedHtml html={shown.note} className="profile-note" />
        {shown.fields.length ? (
          <dl className="profile-fields">
            {shown.fields.map((f) => (
              <div key={f.name}>
                <dt>{f.name}</dt>
                <RenderedHtml as="dd" html={f.value} />
              </div>
            ))}
          </dl>
        ) : null}
        <p className="profile-counts">
          {counts.map((c) => (
            <Link key={c.label} href={c.href}>
              <strong>{c.value}</strong> {c.label}
            </Link>
          ))}
        </p>
      </div>
      <nav className="tabs" aria-label="Profile sections">
        {(Object.keys(TAB_PATHS) as Tab[]).map((t) => (
          <Link
            key={t}
            href={`${base}${TAB_PATHS[t]}`}
            className="tab"
            aria-current={t === tab ? "page" : undefined}
          >
            {t[0]!.toUpperCase() + t.slice(1)}
          </Link>
        ))}
      </nav>
      {tab === "followers" || tab === "following" ? (
        <People key={tab} account={shown} tab={tab} />
      ) : (
        <Posts key={tab} account={shown} tab={tab} />
      )}
    </div>
  );
}
