/**
 * A caption split into plain text and #hashtags, so hashtags can be styled while everything
 * stays text (React escapes it; nothing is ever parsed as HTML).
 */

export type CaptionPart = { kind: "text"; text: string } | { kind: "tag"; text: string; tag: string };

// A hashtag: '#' then letters, marks, digits or underscores in any script (#穿搭, #été).
const HASHTAG = /#([\p{L}\p{M}\p{N}_]+)/gu;

export function captionParts(caption: string): CaptionPart[] {
  const parts: CaptionPart[] = [];
  let last = 0;
  for (const match of caption.matchAll(HASHTAG)) {
    const start = match.index ?? 0;
    // '#' inside a word (a URL fragment, "C#") is not a hashtag.
    const before = start > 0 ? caption[start - 1] : "";
    if (before && /[\p{L}\p{N}_&]/u.test(before)) continue;
    if (start > last) parts.push({ kind: "text", text: caption.slice(last, start) });
    parts.push({ kind: "tag", text: match[0], tag: (match[1] ?? "").toLocaleLowerCase() });
    last = start + match[0].length;
  }
  if (last < caption.length) parts.push({ kind: "text", text: caption.slice(last) });
  return parts;
}

/** The distinct hashtags of a caption, lower-cased, in order of appearance. */
export function hashtagsOf(caption: string): string[] {
  const tags: string[] = [];
  for (const part of captionParts(caption)) {
    if (part.kind === "tag" && !tags.includes(part.tag)) tags.push(part.tag);
  }
  return tags;
}
