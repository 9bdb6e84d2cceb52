/**
 * Where the bearer token lives between visits: localStorage, under one key.
 *
 * Reading never throws: storage can be disabled (private modes, strict cookie settings) or hold
 * something that is not a token, and the app then simply starts signed out.
 */

export const TOKEN_KEY = "trendloop.token";

// A JWT is three base64url parts; anything else in the slot is ignored rather than sent.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function readToken(): string | null {
  try {
    const value = storage()?.getItem(TOKEN_KEY) ?? null;
    return value !== null && TOKEN_SHAPE.test(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores the token; returns false when the browser refused (the session then lasts one tab). */
export function saveToken(token: string): boolean {
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error("Refusing to store a value that is not a bearer token.");
  }
  try {
    const store = storage();
    if (!store) return false;
    store.setItem(TOKEN_KEY, token);
    return true;
  } catch {
    return false;
  }
}

export function clearToken(): void {
  try {
    storage()?.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored that could be cleared.
  }
}

/**
 * Calls `listener` with the new token when another tab logs in or out.
 * Returns the unsubscribe function.
 */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  const handle = (event: StorageEvent) => {
    if (event.key === TOKEN_KEY || event.key === null) {
      listener(readToken());
    }
  };
  window.addEventListener("storage", handle);
  return () => window.removeEventListener("storage", handle);
}
