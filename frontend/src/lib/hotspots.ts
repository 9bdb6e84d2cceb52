/**
 * Where a product tag sits on a photo. Tags are stored as fractions of the upright image
 * (x: 0 left → 1 right, y: 0 top → 1 bottom). A photo is shown in a frame of another shape
 * with `object-fit: cover`, so part of it may be cropped away; these functions map between
 * the two, and keep markers and their labels inside the frame.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Tags keep four decimals: finer than any screen, short on the wire. */
export function roundFraction(value: number): number {
  return Math.round(clamp(value, 0, 1) * 10_000) / 10_000;
}

/** How the image is scaled and shifted to cover the frame (in frame pixels). */
function coverTransform(image: Size, frame: Size) {
  const scale = Math.max(frame.width / image.width, frame.height / image.height);
  const shownWidth = image.width * scale;
  const shownHeight = image.height * scale;
  return {
    shownWidth,
    shownHeight,
    offsetX: (frame.width - shownWidth) / 2,
    offsetY: (frame.height - shownHeight) / 2,
  };
}

/**
 * A point of the image → where it appears in the frame, as fractions of the frame; null when
 * the cover crop hides it.
 */
export function imageToFrame(point: Point, image: Size, frame: Size): Point | null {
  if (image.width <= 0 || image.height <= 0 || frame.width <= 0 || frame.height <= 0) return null;
  const t = coverTransform(image, frame);
  const fx = (t.offsetX + point.x * t.shownWidth) / frame.width;
  const fy = (t.offsetY + point.y * t.shownHeight) / frame.height;
  const epsilon = 1e-9;
  if (fx < -epsilon || fx > 1 + epsilon || fy < -epsilon || fy > 1 + epsilon) return null;
  return { x: clamp(fx, 0, 1), y: clamp(fy, 0, 1) };
}

/** A click in the frame (client pixels) → the point of the image under it. */
export function frameToImage(
  clientX: number,
  clientY: number,
  frameRect: Rect,
  image: Size,
): Point {
  const frame = { width: frameRect.width, height: frameRect.height };
  const t = coverTransform(image, frame);
  const x = (clientX - frameRect.left - t.offsetX) / t.shownWidth;
  const y = (clientY - frameRect.top - t.offsetY) / t.shownHeight;
  return { x: roundFraction(x), y: roundFraction(y) };
}

/**
 * The frame's aspect ratio (width / height) for an image: its own, limited to between 4:5
 * (tall) and 1.91:1 (wide) so one photo never fills a phone screen or shrinks to a strip.
 */
export function frameAspect(image: Size, tallest = 4 / 5, widest = 1.91): number {
  if (image.width <= 0 || image.height <= 0) return 1;
  return clamp(image.width / image.height, tallest, widest);
}

export type Placement = "right" | "left";
export type VerticalPlacement = "below" | "above";

/**
 * Where a marker's label goes so it covers neither the marker nor the frame's edge: on the
 * side towards the middle, and in the half of the photo the marker is not in.
 */
export function labelPlacement(point: Point): { side: Placement; vertical: VerticalPlacement } {
  return {
    side: point.x > 0.55 ? "left" : "right",
    vertical: point.y > 0.5 ? "above" : "below",
  };
}

/** CSS position of a marker: percentages, inset so a marker of `marker` px is never cut off. */
export function markerStyle(point: Point, frame: Size, marker: number): { left: string; top: string } {
  const halfX = frame.width > 0 ? marker / 2 / frame.width : 0;
  const halfY = frame.height > 0 ? marker / 2 / frame.height : 0;
  const x = clamp(point.x, Math.min(halfX, 0.5), Math.max(1 - halfX, 0.5));
  const y = clamp(point.y, Math.min(halfY, 0.5), Math.max(1 - halfY, 0.5));
  return { left: `${(x * 100).toFixed(3)}%`, top: `${(y * 100).toFixed(3)}%` };
}
