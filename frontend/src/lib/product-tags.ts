/**
 * The author's product tags while they edit them: pure list operations (add, move, remove), the
 * input `editPost(productTags)` takes, and whether anything changed. A tag is a product pinned at
 * a point of one photo (fractions of the upright image, see lib/hotspots.ts).
 */
import { roundFraction, type Point } from "./hotspots";

export interface DraftTag extends Point {
  productId: string;
  imageIndex: number;
  title: string;
  /** Archived products stay where they were tagged but cannot be added anew. */
  archived: boolean;
}

export interface TagInput {
  productId: string;
  imageIndex: number;
  x: number;
  y: number;
}

interface StoredTag {
  productId: string;
  imageIndex: number;
  x: number;
  y: number;
  product?: { title: string; archived: boolean } | null;
}

/** The post's tags as the editor starts from them. */
export function draftTags(tags: readonly StoredTag[]): DraftTag[] {
  return tags.map((t) => ({
    productId: t.productId,
    imageIndex: t.imageIndex,
    x: t.x,
    y: t.y,
    title: t.product?.title ?? "A product no longer in the catalogue",
    archived: t.product?.archived ?? false,
  }));
}

export function addTag(list: readonly DraftTag[], tag: DraftTag): DraftTag[] {
  return [...list, { ...tag, x: roundFraction(tag.x), y: roundFraction(tag.y) }];
}

/** Pins the tag at `index` to another point (of another photo too). */
export function moveTag(list: readonly DraftTag[], index: number, point: Point, imageIndex: number): DraftTag[] {
  return list.map((t, i) => (i === index ? { ...t, imageIndex, x: roundFraction(point.x), y: roundFraction(point.y) } : t));
}

export function removeTag(list: readonly DraftTag[], index: number): DraftTag[] {
  return list.filter((_, i) => i !== index);
}

export function tagsInput(list: readonly DraftTag[]): TagInput[] {
  return list.map(({ productId, imageIndex, x, y }) => ({ productId, imageIndex, x, y }));
}

/** Whether saving would change the post (same tags in the same places, same order: no). */
export function tagsChanged(before: readonly DraftTag[], after: readonly DraftTag[]): boolean {
  if (before.length !== after.length) return true;
  return before.some((b, i) => {
    const a = after[i];
    return !a || a.productId !== b.productId || a.imageIndex !== b.imageIndex || a.x !== b.x || a.y !== b.y;
  });
}

/** A server error on `productTags.{i}.…` names the tag it is about (its title), for the message. */
export function tagErrorMessage(list: readonly DraftTag[], field: string | null, message: string): string {
  const match = /^productTags\.(\d+)\./.exec(field ?? "");
  const tag = match ? list[Number(match[1])] : undefined;
  return tag && !message.includes(tag.title) ? `${tag.title}: ${message}` : message;
}
