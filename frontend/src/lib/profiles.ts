/**
 * People's public profiles: where a profile lives (`/u/{handle}`), the handle rules the server
 * applies (checked here first so a typo is told at once), and the follow state every Follow
 * button on screen shares, so following someone on their profile shows on their feed cards too.
 */

export const HANDLE_MIN = 3;
export const HANDLE_MAX = 30;

export type ProfileList = "posts" | "followers" | "following";

/** The profile page of a handle, or one of its lists. */
export function profilePath(handle: string, list: ProfileList = "posts"): string {
  const base = `/u/${encodeURIComponent(handle)}`;
  return list === "posts" ? base : `${base}/${list}`;
}

/** The form the server stores a handle in: no leading "@", no accents, lower case. */
export function normaliseHandle(typed: string): string {
  let text = typed.trim();
  if (text.startsWith("@")) text = text.slice(1);
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().normalize("NFC");
}

/**
 * What is wrong with a handle as typed, in the server's words, or null. Reserved words and
 * handles taken by others are only known to the server.
 */
export function handleProblem(typed: string): string | null {
  const handle = normaliseHandle(typed);
  if (!handle) return "Choose a handle.";
  if (handle.length < HANDLE_MIN) return `Use at least ${HANDLE_MIN} characters.`;
  if (handle.length > HANDLE_MAX) return `Use at most ${HANDLE_MAX} characters.`;
  if (!/^[a-z0-9][a-z0-9._]*$/.test(handle) || handle.endsWith(".") || handle.includes("..")) {
    return 'Use letters a-z, digits, "." and "_"; start with a letter or digit, and do not end with "." or put two dots together.';
  }
  return null;
}

// --- the follow state shared by every button -------------------------------------------------

type Listener = () => void;

/**
 * What the viewer did this session, by user id: it outranks what a page loaded earlier says
 * (a feed loaded before the follow), and a fresh load from the server agrees with it anyway.
 */
export class FollowStates {
  private readonly known = new Map<string, boolean>();
  private readonly listeners = new Set<Listener>();

  get(userId: string, loaded: boolean | null | undefined): boolean {
    return this.known.get(userId) ?? loaded ?? false;
  }

  set(userId: string, following: boolean): void {
    if (this.known.get(userId) === following) return;
    this.known.set(userId, following);
    for (const listener of this.listeners) listener();
  }

  /** Forget everything (signing out, or another account signing in). */
  clear(): void {
    this.known.clear();
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A value that changes whenever any state does, for `useSyncExternalStore`. */
  version(): string {
    return JSON.stringify([...this.known.entries()]);
  }
}

export const followStates = new FollowStates();
