import { useEffect, useRef } from "react";

/**
 * Calls `onVisible` whenever the returned element scrolls within `margin` of the viewport
 * (the sentinel under an infinite list). Without IntersectionObserver nothing happens, and
 * the list's "Load more" button still works. A new `version` (pages loaded) observes afresh,
 * so a sentinel still on screen after a short page asks for the next one.
 */
export function useInView<T extends Element>(
  onVisible: () => void,
  { margin = "600px", enabled = true, version = 0 }: { margin?: string; enabled?: boolean; version?: number } = {},
) {
  const ref = useRef<T>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [margin, enabled, version]);
  return ref;
}
