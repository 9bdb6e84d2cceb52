import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The rendered size of an element, kept current as the layout changes. Returns a callback ref
 * (so an element that appears later is measured too) and the element itself.
 */
export function useElementSize<T extends HTMLElement>() {
  const [element, setElement] = useState<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const elementRef = useRef<T | null>(null);
  const ref = useCallback((node: T | null) => {
    elementRef.current = node;
    setElement(node);
  }, []);
  useEffect(() => {
    if (!element) return;
    const measure = () => {
      const rect = element.getBoundingClientRect();
      setSize((old) => (old.width === rect.width && old.height === rect.height ? old : { width: rect.width, height: rect.height }));
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [ref, size, elementRef] as const;
}
