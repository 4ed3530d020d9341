// Primary navigation: a sidebar on desktop, a bottom bar on phones.
import { startSignIn } from "../api/auth.ts";
import { openComposer } from "../hooks/compose-modal.ts";
import { useSession } from "../hooks/session.tsx";
import { useUnreadNotifications } from "../hooks/unread.ts";
import { Link, useLocation } from "../router.tsx";
import { Avatar } from "./avatar.tsx";
import { Icon, type IconName } from "./icons.tsx";

function NavLink({
  href,
  icon,
  label,
  current,
  badge = 0,
}: {
  href: string;
  icon: IconName;
  label: string;
  current: boolean;
  badge?: number;
}) {
  return (
    <Link href={href} className="nav-link" aria-current={current ? "page" : undefined}>
      <span className="nav-icon">
        <Icon name={icon} size={24} />
        {badge ? (
          <span className="badge" aria-hidden="true">
            {badge > 99 ? "99+" : badge}
          </span>
        ) : null}
      </span>
      <span className="nav-label">{label}</span>
      {badge ? <span className="visually-hidden"> ({badge} new)</span> : null}
    </Link>
  );
}

export function Nav({ onHelp }: { onHelp: () => void }) {
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const unread = useUnreadNotifications(path === "/notifications");
  return (
    <header className="sidebar">
      <Link href="/" className="brand">
        <img src="/favicon.svg" alt="" width={32} height={32} />
        <span className="brand-name">Atelier</span>
      </Link>
      <nav aria-label="Main">
        <NavLink href="/" icon="home" label="Home" current={path === "/" || path === "/explore"} />
        <NavLink
          href="/search"
          icon="search"
          label="Search"
          current={path === "/search" || path.startsWith("/tags/")}
        />
        {me ? (
          <>
            <NavLink
              href="/notifications"
              icon="bell"
              label="Notifications"
              current={path === "/notifications"}
              badge={unread}
            />
            <NavLink
              href={`/@${me.acct}`}
              icon="person"
              label="Profile"
              current={new RegExp(`^/@${me.acct}(/(with_replies|media|followers|following))?$`).test(path)}
            />
            <NavLink href="/assistant" icon="sparkle" label="Assistant" current={path === "/assistant"} />
            <NavLink href="/bookmarks" icon="bookmark" label="Bookmarks" current={path === "/bookmarks"} />
            <NavLink href="/settings" icon="settings" label="Settings" current={path === "/settings"} />
          </>
        ) : null}
      </nav>
      <div className="sidebar-footer">
        {me ? (
          <>
            <button
              type="button"
              className="primary nav-compose"
              onClick={() => openComposer()}
              aria-label="New post"
            >
              <Icon name="pen" />
              <span className="nav-label"> New post</span>
            </button>
            <div className="nav-me">
              <Avatar account={me} size={32} />
              <span className="nav-label acct">@{me.acct}</span>
              <button type="button" className="link-button" onClick={() => signOut()}>
                Sign out
              </button>
            </div>
            <button type="button" className="link-button nav-help" onClick={onHelp}>
              Keyboard shortcuts
            </button>
          </>
        ) : (
          <div className="nav-guest">
            <button type="button" className="primary" onClick={() => startSignIn(window.location.pathname)}>
              Sign in
            </button>
            <Link href="/signup" className="button">
              Sign up
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
