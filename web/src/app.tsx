// The shell: navigation, the page for the current route, the compose dialog, help and toasts.
import { lazy, Suspense, useMemo, useState } from "react";
import { Aside } from "./components/aside.tsx";
import { ComposeDialog } from "./components/composer/compose-dialog.tsx";
import { ConnectionNotice } from "./components/connection-notice.tsx";
import { ErrorBoundary } from "./components/error-boundary.tsx";
import { HelpDialog } from "./components/help-dialog.tsx";
import { Nav } from "./components/nav.tsx";
import { Loading } from "./components/skeleton.tsx";
import { ErrorNotice } from "./components/status-list.tsx";
import { openComposer } from "./hooks/compose-modal.ts";
import { useShortcuts } from "./hooks/keyboard.ts";
import { useSession } from "./hooks/session.tsx";
import { Toasts } from "./hooks/toasts.tsx";
import { CallbackPage } from "./pages/callback.tsx";
import { HomePage } from "./pages/home.tsx";
import { SignInPage, SignUpPage } from "./pages/welcome.tsx";
import { matchRoute, type Route, useInAppLinks, useLocation } from "./router.tsx";

// Pages beyond the feed load on demand, keeping the first load small.
const ThreadPage = lazy(() => import("./pages/thread.tsx"));
const ProfilePage = lazy(() => import("./pages/profile.tsx"));
const NotificationsPage = lazy(() => import("./pages/notifications.tsx"));
const TagPage = lazy(() => import("./pages/tag.tsx"));
const SearchPage = lazy(() => import("./pages/search.tsx"));
const SettingsPage = lazy(() => import("./pages/settings.tsx"));
const BookmarksPage = lazy(() => import("./pages/bookmarks.tsx"));
const AssistantPage = lazy(() => import("./pages/assistant.tsx"));

const NEEDS_SIGN_IN = new Set<Route["name"]>(["notifications", "settings", "bookmarks", "assistant"]);

function Page({ route }: { route: Route }) {
  const { me } = useSession();
  if (NEEDS_SIGN_IN.has(route.name) && !me) return <SignInPage reason="Sign in to see this page." />;
  switch (route.name) {
    case "home":
      return <HomePage tab={route.tab} />;
    case "thread":
      return <ThreadPage id={route.id} />;
    case "profile":
      return <ProfilePage acct={route.acct} tab={route.tab} />;
    case "notifications":
      return <NotificationsPage />;
    case "tag":
      return <TagPage tag={route.tag} />;
    case "search":
      return <SearchPage q={route.q} />;
    case "settings":
      return <SettingsPage />;
    case "bookmarks":
      return <BookmarksPage />;
    case "assistant":
      return <AssistantPage conversationId={route.conversation} about={route.about} />;
    case "callback":
      return <CallbackPage />;
    case "signup":
      return <SignUpPage />;
    case "signin":
      return <SignInPage />;
    default:
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>There's nothing at this address. It may have been deleted, or the link is wrong.</p>
        </div>
      );
  }
}

export function App() {
  const session = useSession();
  const { path, query } = useLocation();
  const route = matchRoute(path, query);
  const [help, setHelp] = useState(false);
  useInAppLinks();
  const shortcuts = useMemo(() => ({ compose: () => openComposer(), help: () => setHelp(true) }), []);
  useShortcuts(shortcuts, Boolean(session.me));

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav onHelp={() => setHelp(true)} />
      <main id="main" tabIndex={-1}>
        <ConnectionNotice />
        {session.error && !session.instance ? <ErrorNotice message={session.error} /> : null}
        {!session.ready ? (
          <Loading label="Loading your session" />
        ) : (
          <ErrorBoundary key={path}>
            <Suspense fallback={<Loading label="Loading page" />}>
              <Page route={route} />
            </Suspense>
          </ErrorBoundary>
        )}
      </main>
      <Aside />
      {session.me ? <ComposeDialog /> : null}
      {help ? <HelpDialog onClose={() => setHelp(false)} /> : null}
      <Toasts />
    </div>
  );
}
