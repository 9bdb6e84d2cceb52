import { decode, isBlurhashValid } from "blurhash";
import { useEffect, useRef, useState, type CSSProperties } from "react";

import styles from "./Feed.module.css";

interface BlurhashImageProps {
  src: string;
  /** Larger variants for sharp screens, e.g. "…/full.webp 2048w". */
  srcSet?: string;
  sizes?: string;
  blurhash: string;
  alt: string;
  /** Image pixels, so the browser reserves the right box before anything loads. */
  width: number;
  height: number;
  eager?: boolean;
  className?: string;
  style?: CSSProperties;
}

// Decoded small and stretched by CSS: a blurhash has no detail to lose.
const PLACEHOLDER_PIXELS = 32;

/** The photo over its blurhash: the blur paints at once, the photo fades in when it arrives. */
export function BlurhashImage({ src, srcSet, sizes, blurhash, alt, width, height, eager = false, className, style }: BlurhashImageProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setLoaded(false);
  }, [src]);

  useEffect(() => {
    const element = canvas.current;
    if (!element || !isBlurhashValid(blurhash).result) return;
    const ratio = width > 0 && height > 0 ? width / height : 1;
    const w = ratio >= 1 ? PLACEHOLDER_PIXELS : Math.max(4, Math.round(PLACEHOLDER_PIXELS * ratio));
    const h = ratio >= 1 ? Math.max(4, Math.round(PLACEHOLDER_PIXELS / ratio)) : PLACEHOLDER_PIXELS;
    const context = element.getContext("2d");
    if (!context) return;
    element.width = w;
    element.height = h;
    const pixels = decode(blurhash, w, h);
    const image = context.createImageData(w, h);
    image.data.set(pixels);
    context.putImageData(image, 0, 0);
  }, [blurhash, width, height]);

  return (
    <div className={`${styles.blurFrame} ${className ?? ""}`} style={style} data-loaded={loaded || undefined}>
      <canvas ref={canvas} className={styles.blurCanvas} aria-hidden="true" />
      <img
        className={styles.blurImage}
        src={src}
        srcSet={srcSet}
        sizes={sizes}
        alt={alt}
        width={width}
        height={height}
        loading={eager ? "eager" : "lazy"}
        decoding="async"
        onLoad={() => setLoaded(true)}
        ref={(img) => {
          // A cached image can finish before React attaches onLoad.
          if (img?.complete && img.naturalWidth > 0) setLoaded(true);
        }}
      />
    </div>
  );
}
