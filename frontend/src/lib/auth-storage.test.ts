import { afterEach, describe, expect, it, vi } from "vitest";

import { TOKEN_KEY, clearToken, onTokenChange, readToken, saveToken } from "./auth-storage";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJl";

describe("auth token storage", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("starts signed out", () => {
    expect(readToken()).toBeNull();
  });

  it("keeps a saved token across reads and forgets it when cleared", () => {
    expect(saveToken(TOKEN)).toBe(true);
    expect(window.localStorage.getItem(TOKEN_KEY)).toBe(TOKEN);
    expect(readToken()).toBe(TOKEN);
    clearToken();
    expect(readToken()).toBeNull();
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("ignores a value in the slot that is not a token", () => {
    window.localStorage.setItem(TOKEN_KEY, "not a token");
    expect(readToken()).toBeNull();
    window.localStorage.setItem(TOKEN_KEY, `${TOKEN}\nX-Injected: 1`);
    expect(readToken()).toBeNull();
  });

  it("refuses to store something that is not a token", () => {
    expect(() => saveToken("hello world")).toThrow(/bearer token/);
    expect(window.localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it("survives a browser that refuses storage altogether", () => {
    vi.spyOn(window, "localStorage", "get").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    expect(saveToken(TOKEN)).toBe(false);
    expect(readToken()).toBeNull();
    expect(() => clearToken()).not.toThrow();
  });

  it("survives storage that is full or locked", () => {
    const refuse = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    const locked = { getItem: refuse, setItem: refuse, removeItem: refuse } as unknown as Storage;
    vi.spyOn(window, "localStorage", "get").mockReturnValue(locked);
    expect(saveToken(TOKEN)).toBe(false);
    expect(readToken()).toBeNull();
    expect(() => clearToken()).not.toThrow();
  });

  it("reports logins and logouts made in another tab", () => {
    const seen: (string | null)[] = [];
    const stop = onTokenChange((token) => seen.push(token));

    window.localStorage.setItem(TOKEN_KEY, TOKEN);
    window.dispatchEvent(new StorageEvent("storage", { key: TOKEN_KEY, newValue: TOKEN }));
    window.dispatchEvent(new StorageEvent("storage", { key: "something.else", newValue: "x" }));
    window.localStorage.removeItem(TOKEN_KEY);
    window.dispatchEvent(new StorageEvent("storage", { key: TOKEN_KEY, newValue: null }));
    stop();
    window.dispatchEvent(new StorageEvent("storage", { key: TOKEN_KEY, newValue: null }));

    expect(seen).toEqual([TOKEN, null]);
  });
});
