// A small history-API router: the app has a handful of routes, and same-origin links inside
// server-rendered post content (mentions, hashtags) are intercepted so they stay in the app.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

// Each history entry remembers its scroll position; Back restores it once the page has rendered
// (lists come back from the list cache, so the page is as tall as it was).
window.history.scrollRestoration = "manual";
window.addEventListener("popstate", (event) => {
  notify();
  const y = (event.state as { scrollY?: number } | null)?.scrollY ?? 0;
  requestAnimationFrame(() => requestAnimationFrame(() => window.scrollTo(0, y)));
});

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else {
    window.history.replaceState({ ...(window.history.state as object | null), scrollY: window.scrollY }, "");
    window.history.pushState(null, "", to);
  }
  notify();
  if (!options.replace) window.scrollTo(0, 0);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: decodeURIComponent(url.pathname), query: url.searchParams };
}

function isPlainLeftClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      href={href}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || !isPlainLeftClick(event)) return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

/** Keeps clicks on same-origin links inside rendered HTML (post content, bios) in the app. */
export function useInAppLinks(): void {
  useEffect(() => {
    const onClick = (event: globalThis.MouseEvent) => {
      const anchor = (event.target as Element | null)?.closest?.("a");
      if (!anchor || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || anchor.target === "_blank")
        return;
      if (!anchor.closest("[data-rendered-html]")) return;
      const url = new URL(anchor.href, window.location.href);
      // Mentions and hashtags are always this server's pages, even when PUBLIC_URL names another host.
      const local = anchor.classList.contains("mention") && /^\/(@|tags\/)/.test(url.pathname);
      if (url.origin !== window.location.origin && !local) return;
      event.preventDefault();
      navigate(url.pathname + url.search);
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
}

export type Route =
  | { name: "home"; tab: "following" | "explore" }
  | { name: "notifications" }
  | { name: "search"; q: string }
  | { name: "tag"; tag: string }
  | { name: "profile"; acct: string; tab: "posts" | "replies" | "media" | "followers" | "following" }
  | { name: "thread"; acct: string; id: string }
  | { name: "settings" }
  | { name: "assistant"; conversation: string | null; about: string | null }
  | { name: "callback" }
  | { name: "signup" }
  | { name: "signin" }
  | { name: "bookmarks" }
  | { name: "not-found" };

const PROFILE_TABS = {
  "": "posts",
  with_replies: "replies",
  media: "media",
  followers: "followers",
  following: "following",
} as const;

export function matchRoute(path: string, query: URLSearchParams): Route {
  const clean = path.replace(/\/+$/, "") || "/";
  if (clean === "/") return { name: "home", tab: "following" };
  if (clean === "/explore" || clean === "/public" || clean === "/public/local")
    return { name: "home", tab: "explore" };
  if (clean === "/notifications") return { name: "notifications" };
  if (clean === "/search") return { name: "search", q: query.get("q") ?? "" };
  if (clean === "/settings") return { name: "settings" };
  if (clean === "/assistant")
    return { name: "assistant", conversation: query.get("c"), about: query.get("about") };
  if (clean === "/bookmarks") return { name: "bookmarks" };
  if (clean === "/auth/callback") return { name: "callback" };
  if (clean === "/signup" || clean === "/auth/sign_up") return { name: "signup" };
  if (clean === "/signin" || clean === "/auth/sign_in") return { name: "signin" };
  const tag = /^\/tags\/([^/]+)$/.exec(clean);
  if (tag) return { name: "tag", tag: tag[1]! };
  const profile = /^\/@([\w.-]+)(?:\/([^/]+))?$/.exec(clean);
  if (profile) {
    const [, acct, rest = ""] = profile;
    if (/^\d+$/.test(rest)) return { name: "thread", acct: acct!, id: rest };
    const tab = PROFILE_TABS[rest as keyof typeof PROFILE_TABS];
    if (tab) return { name: "profile", acct: acct!, tab };
  }
  return { name: "not-found" };
}
