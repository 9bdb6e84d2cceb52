import { useState, type MouseEvent } from "react";
import { useMutation } from "urql";

import { useElementSize } from "../../hooks/useElementSize";
import { EditPostTagsMutation } from "../../lib/graphql/catalogue";
import type { Product } from "../../lib/graphql/commerce";
import { describeError } from "../../lib/graphql/errors";
import type { PostImage, ProductTag } from "../../lib/graphql/posts";
import { frameToImage, imageToFrame, markerStyle, type Point } from "../../lib/hotspots";
import { addTag, draftTags, moveTag, removeTag, tagErrorMessage, tagsChanged, tagsInput, type DraftTag } from "../../lib/product-tags";
import composer from "../Composer/Composer.module.css";
import { ProductPicker } from "../Composer/ProductPicker";
import { Button } from "../Form/Button";
import { Icon } from "../Icon/Icon";
import styles from "./Product.module.css";

const MARKER = 28;

interface TagEditorProps {
  postId: string;
  images: PostImage[];
  tags: ProductTag[];
  onSaved: () => void;
  onCancel: () => void;
}

/**
 * The author adds, moves and removes the products tagged on their post: tap the photo where a
 * product is and pick it from the catalogue (as in the composer), or "Move" a tag and tap its
 * new place. Saving replaces every tag at once (`editPost(productTags)`).
 */
export function TagEditor({ postId, images, tags, onSaved, onCancel }: TagEditorProps) {
  const [initial] = useState(() => draftTags(tags));
  const [list, setList] = useState<DraftTag[]>(initial);
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<Point | null>(null);
  const [moving, setMoving] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [frameRef, frameSize, frame] = useElementSize<HTMLButtonElement>();
  const [{ fetching: saving }, save] = useMutation(EditPostTagsMutation);
  const photo = images[Math.min(selected, images.length - 1)];

  function tap(event: MouseEvent<HTMLButtonElement>) {
    if (!photo || !frame.current) return;
    // A keyboard "click" has no position: use the middle of the photo.
    const point = event.detail === 0 ? { x: 0.5, y: 0.5 } : frameToImage(event.clientX, event.clientY, frame.current.getBoundingClientRect(), photo);
    setProblem(null);
    if (moving !== null) {
      setList((current) => moveTag(current, moving, point, selected));
      setMoving(null);
      return;
    }
    setPending(point);
  }

  function pick(product: Product) {
    if (!pending) return;
    if (product.archived) {
      setProblem(`“${product.title}” is no longer sold, so it can't be tagged.`);
      return;
    }
    setList((current) => addTag(current, { ...pending, imageIndex: selected, productId: product.id, title: product.title, archived: false }));
    setPending(null);
  }

  async function submit() {
    setProblem(null);
    const result = await save({ id: postId, tags: tagsInput(list) });
    const payload = result.data?.editPost;
    if (result.error || !payload) {
      setProblem(result.error ? describeError(result.error).message : "The tags weren't saved.");
      return;
    }
    const [first] = payload.errors;
    if (first) {
      setProblem(tagErrorMessage(list, first.field, first.message));
      return;
    }
    onSaved();
  }

  const hint = moving !== null ? `Tap the photo where “${list[moving]?.title ?? "the product"}” is now.` : "Tap the photo where a product is to tag it.";
  return (
    <div className={composer.stage} role="group" aria-label="Edit product tags">
      <p className={composer.muted} aria-live="polite">
        {hint}
      </p>
      {photo ? (
        <button
          ref={frameRef}
          type="button"
          className={composer.tagFrame}
          style={{ aspectRatio: `${photo.width} / ${photo.height}` }}
          onClick={tap}
          aria-label={`Photo ${selected + 1}: ${hint}`}
          disabled={saving}
        >
          <img src={photo.url} alt="" className={composer.tagImage} />
          {list.map((tag, i) =>
            tag.imageIndex === selected ? <Marker key={`${tag.productId}-${i}`} point={tag} photo={photo} frame={frameSize} label={tag.title} active={moving === i} /> : null,
          )}
          {pending ? <Marker point={pending} photo={photo} frame={frameSize} label="New tag" active /> : null}
        </button>
      ) : null}
      {images.length > 1 ? (
        <ul className={composer.thumbs} aria-label="Photos of this post">
          {images.map((image, i) => (
            <li key={image.url} className={composer.thumbItem}>
              <button
                type="button"
                className={`${composer.thumb} ${i === selected ? composer.thumbActive : ""}`}
                onClick={() => {
                  setSelected(i);
                  setPending(null);
                }}
                aria-pressed={i === selected}
                aria-label={`Show photo ${i + 1}`}
              >
                <img src={image.thumb} alt="" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {pending ? (
        <div className={composer.pickerWrap}>
          <ProductPicker label="Which product is this?" onPick={pick} onCancel={() => setPending(null)} autoFocus />
        </div>
      ) : null}
      <div className={composer.tagList}>
        <h3 className={composer.subTitle}>Tagged products</h3>
        {list.length === 0 ? <p className={composer.muted}>No products tagged.</p> : null}
        <ul>
          {list.map((tag, i) => (
            <li key={`${tag.productId}-${i}`} className={composer.tagRow} data-tag-product={tag.productId}>
              <Icon name="tag" size={16} />
              <span className={composer.tagName}>
                {tag.title}
                {tag.archived ? <span className={styles.tagNote}> · no longer sold</span> : null}
              </span>
              <span className={composer.muted}>photo {tag.imageIndex + 1}</span>
              <button type="button" className={composer.linkButton} onClick={() => setMoving(moving === i ? null : i)} aria-pressed={moving === i} aria-label={`Move tag ${tag.title}`}>
                {moving === i ? "Moving…" : "Move"}
              </button>
              <button
                type="button"
                className={composer.linkButton}
                onClick={() => {
                  setMoving(null);
                  setList((current) => removeTag(current, i));
                }}
                aria-label={`Remove tag ${tag.title}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      {problem ? (
        <p className={composer.pickerError} role="alert">
          {problem}
        </p>
      ) : null}
      <div className={styles.editorButtons}>
        <Button busy={saving} disabled={!tagsChanged(initial, list)} onClick={() => void submit()}>
          Save tags
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

function Marker({ point, photo, frame, label, active }: { point: Point; photo: PostImage; frame: { width: number; height: number }; label: string; active: boolean }) {
  const size = frame.width > 0 ? frame : { width: photo.width, height: photo.height };
  const shown = imageToFrame(point, photo, size);
  if (!shown) return null;
  return (
    <span className={`${composer.marker} ${active ? composer.markerPending : ""}`} style={markerStyle(shown, size, MARKER)} aria-hidden="true">
      <Icon name="tag" size={14} />
      <span className={composer.markerLabel}>{label}</span>
    </span>
  );
}
