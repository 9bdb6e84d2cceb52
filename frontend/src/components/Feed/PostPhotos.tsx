import { useId, useState, type ReactNode } from "react";
import { Link } from "react-router";

import { useElementSize } from "../../hooks/useElementSize";
import type { PostImage, ProductTag } from "../../lib/graphql/posts";
import { frameAspect, imageToFrame, labelPlacement, markerStyle } from "../../lib/hotspots";
import { fromLook, productPath, shopOffer } from "../../lib/products";
import { formatAmount } from "../../lib/money";
import { Icon } from "../Icon/Icon";
import { BlurhashImage } from "./BlurhashImage";
import styles from "./Feed.module.css";
import { ProductThumb } from "./ShopTheLook";

const MARKER = 30;

interface PostPhotosProps {
  images: PostImage[];
  tags: ProductTag[];
  /** Who posted, for the photos' alt text. */
  authorName: string;
  caption: string;
  /** Markers are drawn only where people can open them (the post page). */
  interactive?: boolean;
  eager?: boolean;
  /** Shown at the frame's corner, e.g. a "2 products" badge in the feed. */
  overlay?: ReactNode;
  /** Makes the photo open the post (in the feed); the arrows stay separate buttons. */
  link?: { to: string; label: string };
  /** The post shown: a tag's product page buys through this look's links. */
  postId?: string;
}

export function altFor(authorName: string, caption: string, index: number, count: number): string {
  const text = caption.trim().replace(/\s+/g, " ");
  const excerpt = text.length > 90 ? `${text.slice(0, 87)}…` : text;
  const which = count > 1 ? `Photo ${index + 1} of ${count}` : "Outfit photo";
  return excerpt ? `${which} by ${authorName}: ${excerpt}` : `${which} by ${authorName}`;
}

/** A post's photos, one at a time, with the tagged products as markers on each. */
export function PostPhotos({ images, tags, authorName, caption, interactive = false, eager = false, overlay, link, postId }: PostPhotosProps) {
  const [index, setIndex] = useState(0);
  const [frameRef, frame] = useElementSize<HTMLDivElement>();
  const [open, setOpen] = useState<number | null>(null);
  const cardId = useId();
  const first = images[0];
  if (!first) return null;
  const current = images[Math.min(index, images.length - 1)] ?? first;
  // One shape for every photo of the post, from the first: the frame doesn't jump when swiping.
  const aspect = frameAspect(first);
  const visibleTags = tags
    .map((tag, tagIndex) => ({ tag, tagIndex }))
    .filter(({ tag }) => tag.imageIndex === index);

  const openTag = open !== null ? (tags[open] ?? null) : null;

  function go(next: number) {
    setOpen(null);
    setIndex((next + images.length) % images.length);
  }

  return (
    <div className={styles.photos}>
      <div
        ref={frameRef}
        className={styles.photoFrame}
        style={{ aspectRatio: String(aspect) }}
        onKeyDown={(event) => {
          if (images.length < 2) return;
          if (event.key === "ArrowRight") go(index + 1);
          if (event.key === "ArrowLeft") go(index - 1);
        }}
      >
        <BlurhashImage
          key={current.url}
          src={current.url}
          srcSet={`${current.thumb} 320w, ${current.url} 1080w, ${current.full} 2048w`}
          sizes="(max-width: 700px) 100vw, 640px"
          blurhash={current.blurhash}
          width={current.width}
          height={current.height}
          alt={altFor(authorName, caption, index, images.length)}
          eager={eager && index === 0}
          className={styles.photoFill}
        />
        {link ? <Link to={link.to} className={styles.photoLinkCover} aria-label={link.label} /> : null}
        {interactive && frame.width > 0
          ? visibleTags.map(({ tag, tagIndex }) => {
              const point = imageToFrame(tag, current, frame);
              if (!point) return null;
              return (
                <Hotspot
                  key={`${tag.productId}-${tagIndex}`}
                  tag={tag}
                  cardId={`${cardId}-${tagIndex}`}
                  style={markerStyle(point, frame, MARKER)}
                  open={open === tagIndex}
                  onToggle={() => setOpen(open === tagIndex ? null : tagIndex)}
                />
              );
            })
          : null}
        {interactive && openTag ? (
          <HotspotCard
            key={open}
            id={`${cardId}-${open}`}
            tag={openTag}
            postId={postId}
            // The card docks to the half of the photo the tag is not in.
            dock={labelPlacement(imageToFrame(openTag, current, frame) ?? openTag).vertical === "above" ? "top" : "bottom"}
            onClose={() => setOpen(null)}
          />
        ) : null}
        {overlay ? <div className={styles.photoOverlay}>{overlay}</div> : null}
        {images.length > 1 ? (
          <>
            <button type="button" className={`${styles.photoNav} ${styles.photoPrev}`} onClick={() => go(index - 1)} aria-label="Previous photo">
              <Icon name="chevronLeft" size={20} />
            </button>
            <button type="button" className={`${styles.photoNav} ${styles.photoNext}`} onClick={() => go(index + 1)} aria-label="Next photo">
              <Icon name="chevronRight" size={20} />
            </button>
            <div className={styles.dots} aria-hidden="true">
              {images.map((image, i) => (
                <span key={image.url} className={i === index ? styles.dotActive : styles.dot} />
              ))}
            </div>
            <span className="visually-hidden" aria-live="polite">
              Photo {index + 1} of {images.length}
            </span>
          </>
        ) : null}
      </div>
    </div>
  );
}

interface HotspotProps {
  tag: ProductTag;
  cardId: string;
  style: { left: string; top: string };
  open: boolean;
  onToggle: () => void;
}

function Hotspot({ tag, cardId, style, open, onToggle }: HotspotProps) {
  const product = tag.product;
  return (
    <div className={styles.hotspot} style={style} data-open={open || undefined}>
      <button
        type="button"
        className={styles.hotspotButton}
        aria-label={product ? `Tagged product: ${product.title}` : "Tagged product"}
        aria-expanded={open}
        aria-controls={open ? cardId : undefined}
        onClick={onToggle}
      >
        <Icon name="tag" size={15} />
      </button>
    </div>
  );
}

function HotspotCard({ id, tag, dock, onClose, postId }: { id: string; tag: ProductTag; dock: "top" | "bottom"; onClose: () => void; postId?: string }) {
  // The tag carries its product and where to buy it: opening a card costs no request.
  const product = tag.product;
  const label = product ? `Tagged product: ${product.title}` : "Tagged product";
  const offer = shopOffer(product, tag.shopUrl);
  return (
    <div
      id={id}
      className={`${styles.hotspotCard} ${dock === "top" ? styles.cardTop : styles.cardBottom}`}
      role="group"
      aria-label={label}
      onKeyDown={(event) => event.key === "Escape" && onClose()}
    >
      {product ? (
        <>
          <ProductThumb product={product} />
          <span className={styles.hotspotText}>
            <Link className={styles.hotspotTitle} to={productPath(product.id, postId)} state={fromLook(postId)}>
              {product.title}
            </Link>
            <span className={styles.hotspotPrice}>{formatAmount(product.price)}</span>
          </span>
          {offer.kind === "archived" ? (
            <span className={styles.soldOut}>No longer sold</span>
          ) : offer.kind === "buy" ? (
            <a className={styles.shopButton} href={offer.link.href} target="_blank" rel="noopener noreferrer" data-own-link={offer.link.own || undefined}>
              <Icon name="bag" size={16} />
              Shop the look
            </a>
          ) : null}
        </>
      ) : (
        <span className={styles.hotspotMuted}>This product is no longer available.</span>
      )}
      <button type="button" className={styles.cardClose} onClick={onClose} aria-label="Close">
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}
