// Calls `onReach` when the sentinel element scrolls near the viewport (infinite scroll).
import { useEffect, useRef } from "react";

/** `version` changes when the list grows, so a sentinel still in view fires again. */
export function useInfiniteScroll<E extends Element>(onReach: () => void, enabled: boolean, version: number) {
  const ref = useRef<E | null>(null);
  const callback = useRef(onReach);
  callback.current = onReach;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-observe when the list grows
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { rootMargin: "800px 0px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled, version]);
  return ref;
}
