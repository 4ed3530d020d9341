// Home: Following (your home timeline) and Explore (everyone's public posts), both live.
import { Composer } from "../components/composer/composer.tsx";
import { StatusList } from "../components/status-list.tsx";
import { useSession } from "../hooks/session.tsx";
import { useTimeline } from "../hooks/timeline.ts";
import { Link } from "../router.tsx";
import { Welcome } from "./welcome.tsx";

function Feed({ tab }: { tab: "following" | "explore" }) {
  const list = useTimeline(
    tab === "following"
      ? { path: "/api/v1/timelines/home", stream: { stream: "user" }, acceptsOwn: true }
      : { path: "/api/v1/timelines/public", stream: { stream: "public" }, acceptsOwn: true },
  );
  return (
    <StatusList
      list={list}
      label={tab === "following" ? "Posts from people you follow" : "Posts from everyone"}
      empty={
        tab === "following" ? (
          <>
            Nothing here yet. Follow people from <Link href="/explore">Explore</Link>, and their posts will
            show up here.
          </>
        ) : (
          "No public posts yet. Be the first!"
        )
      }
    />
  );
}

export function HomePage({ tab }: { tab: "following" | "explore" }) {
  const { me } = useSession();
  const active = me ? tab : "explore";
  return (
    <div className="page">
      <h1 className="visually-hidden">Home</h1>
      {me ? null : <Welcome />}
      <div className="tabs" role="tablist" aria-label="Timelines">
        {me ? (
          <Link href="/" role="tab" aria-selected={active === "following"} className="tab">
            Following
          </Link>
        ) : null}
        <Link href="/explore" role="tab" aria-selected={active === "explore"} className="tab">
          Explore
        </Link>
      </div>
      {me ? <Composer compact /> : null}
      <Feed key={active} tab={active} />
    </div>
  );
}
