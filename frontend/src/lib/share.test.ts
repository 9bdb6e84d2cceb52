import { describe, expect, it } from "vitest";

import { publicPathFor, publicPostPath, publicPostUrl, shareLink } from "./share";

describe("public post addresses", () => {
  it("builds the public path and URL of a post", () => {
    expect(publicPostPath("post_01ABC")).toBe("/p/post_01ABC");
    expect(publicPostUrl("post_01ABC", "https://trendloop.example")).toBe("https://trendloop.example/p/post_01ABC");
  });

  it("maps an in-app post page to its public page, and nothing else", () => {
    expect(publicPathFor("/feed/posts/post_01ABC")).toBe("/p/post_01ABC");
    expect(publicPathFor("/feed/posts/post_01ABC/")).toBe("/p/post_01ABC");
    expect(publicPathFor("/feed")).toBeNull();
    expect(publicPathFor("/feed/posts/a/comments")).toBeNull();
    expect(publicPathFor("/earnings")).toBeNull();
  });
});

describe("shareLink", () => {
  it("uses the share sheet when there is one", async () => {
    const shared: ShareData[] = [];
    const outcome = await shareLink("https://x/p/1", "A look", { share: async (data) => void shared.push(data) });
    expect(outcome).toBe("shared");
    expect(shared).toEqual([{ url: "https://x/p/1", title: "A look" }]);
  });

  it("treats a closed share sheet as a choice", async () => {
    const outcome = await shareLink("https://x/p/1", "A look", {
      share: async () => {
        throw new DOMException("closed", "AbortError");
      },
      clipboard: { writeText: async () => undefined },
    });
    expect(outcome).toBe("cancelled");
  });

  it("copies the link without a share sheet, or when sharing fails", async () => {
    const copied: string[] = [];
    const clipboard = { writeText: async (text: string) => void copied.push(text) };
    expect(await shareLink("https://x/p/1", "A look", { clipboard })).toBe("copied");
    const broken = async () => {
      throw new Error("not allowed");
    };
    expect(await shareLink("https://x/p/2", "A look", { share: broken, clipboard })).toBe("copied");
    expect(copied).toEqual(["https://x/p/1", "https://x/p/2"]);
  });

  it("says when neither works", async () => {
    const refused = { writeText: async () => Promise.reject(new Error("denied")) };
    expect(await shareLink("https://x/p/1", "A look", { clipboard: refused })).toBe("failed");
    expect(await shareLink("https://x/p/1", "A look", {})).toBe("failed");
  });
});
