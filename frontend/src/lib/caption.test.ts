import { describe, expect, it } from "vitest";

import { captionParts, hashtagsOf } from "./caption";

describe("captions", () => {
  it("splits text and hashtags in any script", () => {
    expect(captionParts("Linen for Sunday #ootd #穿搭!")).toEqual([
      { kind: "text", text: "Linen for Sunday " },
      { kind: "tag", text: "#ootd", tag: "ootd" },
      { kind: "text", text: " " },
      { kind: "tag", text: "#穿搭", tag: "穿搭" },
      { kind: "text", text: "!" },
    ]);
  });

  it("leaves a '#' inside a word alone and keeps markup as text", () => {
    expect(captionParts("C# and <b>#Bold</b>")).toEqual([
      { kind: "text", text: "C# and <b>" },
      { kind: "tag", text: "#Bold", tag: "bold" },
      { kind: "text", text: "</b>" },
    ]);
  });

  it("lists distinct hashtags", () => {
    expect(hashtagsOf("#Linen #linen #summer")).toEqual(["linen", "summer"]);
    expect(hashtagsOf("")).toEqual([]);
  });
});
