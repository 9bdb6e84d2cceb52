/** The address of a look that anyone can open, signed in or not (served with preview tags). */
export function publicPostPath(postId: string): string {
  return `/p/${encodeURIComponent(postId)}`;
}

export function publicPostUrl(postId: string, origin: string = window.location.origin): string {
  return `${origin}${publicPostPath(postId)}`;
}

/** The in-app post a signed-out visitor was sent to, as its public page; null otherwise. */
export function publicPathFor(pathname: string): string | null {
  const match = /^\/feed\/posts\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] ? publicPostPath(decodeURIComponent(match[1])) : null;
}

export type ShareOutcome = "shared" | "copied" | "cancelled" | "failed";

interface ShareTarget {
  share?: (data: ShareData) => Promise<void>;
  clipboard?: Pick<Clipboard, "writeText">;
}

/**
 * The phone's share sheet where there is one, else the link copied. Closing the share sheet is
 * a choice, not an error.
 */
export async function shareLink(url: string, title: string, target: ShareTarget = navigator): Promise<ShareOutcome> {
  if (target.share) {
    try {
      await target.share({ url, title });
      return "shared";
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return "cancelled";
    }
  }
  if (target.clipboard) {
    try {
      await target.clipboard.writeText(url);
      return "copied";
    } catch {
      return "failed";
    }
  }
  return "failed";
}
