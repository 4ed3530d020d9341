// Keyboard shortcuts like X and Mastodon: j/k move between posts, n writes a new post, ? shows
// help. They stay quiet while you type or while a dialog is open.
import { useEffect } from "react";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest?.("input, textarea, select, [contenteditable=true]"));
}

function movePostFocus(step: 1 | -1): void {
  const posts = [...document.querySelectorAll<HTMLElement>("main article[data-status-id]")];
  if (!posts.length) return;
  const current = posts.indexOf(document.activeElement?.closest("article[data-status-id]") as HTMLElement);
  const next = posts[current === -1 ? (step === 1 ? 0 : posts.length - 1) : current + step];
  if (!next) return;
  next.focus();
  next.scrollIntoView({ block: "center" });
}

export function useShortcuts(actions: { compose: () => void; help: () => void }, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector("dialog[open]")) return;
      if (event.key === "j") movePostFocus(1);
      else if (event.key === "k") movePostFocus(-1);
      else if (event.key === "n") actions.compose();
      else if (event.key === "?") actions.help();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions, enabled]);
}
