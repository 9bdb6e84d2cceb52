import { describe, expect, it } from "vitest";

import { frameAspect, frameToImage, imageToFrame, labelPlacement, markerStyle, roundFraction } from "./hotspots";

describe("hotspot maths", () => {
  it("maps points 1:1 when the frame has the image's shape", () => {
    expect(imageToFrame({ x: 0.25, y: 0.75 }, { width: 800, height: 1000 }, { width: 400, height: 500 })).toEqual({
      x: 0.25,
      y: 0.75,
    });
  });

  it("accounts for the cover crop of a tall image in a square frame", () => {
    // 1000×2000 in 500×500: scaled ×0.5 → 500×1000, shifted up by 250.
    const image = { width: 1000, height: 2000 };
    const frame = { width: 500, height: 500 };
    expect(imageToFrame({ x: 0.5, y: 0.5 }, image, frame)).toEqual({ x: 0.5, y: 0.5 });
    const lower = imageToFrame({ x: 0.1, y: 0.6 }, image, frame);
    expect(lower?.x).toBeCloseTo(0.1);
    expect(lower?.y).toBeCloseTo((0.6 * 1000 - 250) / 500);
    // The top fifth of the photo is cropped away.
    expect(imageToFrame({ x: 0.5, y: 0.1 }, image, frame)).toBeNull();
  });

  it("accounts for the cover crop of a wide image", () => {
    const image = { width: 3000, height: 1000 };
    const frame = { width: 300, height: 200 };
    // Scale 0.2 → 600×200, shifted left by 150.
    const point = imageToFrame({ x: 0.5, y: 0.3 }, image, frame);
    expect(point).toEqual({ x: 0.5, y: 0.3 });
    expect(imageToFrame({ x: 0.2, y: 0.3 }, image, frame)).toBeNull();
  });

  it("turns a click back into the image point it covers (round trip)", () => {
    const image = { width: 1000, height: 2000 };
    const rect = { left: 20, top: 100, width: 500, height: 500 };
    const point = frameToImage(20 + 50, 100 + 120, rect, image);
    const back = imageToFrame(point, image, rect);
    expect(back?.x).toBeCloseTo(50 / 500, 3);
    expect(back?.y).toBeCloseTo(120 / 500, 3);
  });

  it("clamps clicks outside the image and rounds to four decimals", () => {
    const rect = { left: 0, top: 0, width: 100, height: 100 };
    expect(frameToImage(-20, 130, rect, { width: 100, height: 100 })).toEqual({ x: 0, y: 1 });
    expect(roundFraction(0.123456)).toBe(0.1235);
  });

  it("limits the frame to between 4:5 and 1.91:1", () => {
    expect(frameAspect({ width: 1000, height: 3000 })).toBeCloseTo(0.8);
    expect(frameAspect({ width: 4000, height: 1000 })).toBeCloseTo(1.91);
    expect(frameAspect({ width: 1200, height: 1000 })).toBeCloseTo(1.2);
    expect(frameAspect({ width: 0, height: 0 })).toBe(1);
  });

  it("opens labels towards the middle of the photo", () => {
    expect(labelPlacement({ x: 0.9, y: 0.9 })).toEqual({ side: "left", vertical: "above" });
    expect(labelPlacement({ x: 0.1, y: 0.1 })).toEqual({ side: "right", vertical: "below" });
  });

  it("keeps a marker wholly inside the frame", () => {
    expect(markerStyle({ x: 0, y: 1 }, { width: 400, height: 400 }, 32)).toEqual({ left: "4.000%", top: "96.000%" });
    expect(markerStyle({ x: 0.5, y: 0.5 }, { width: 400, height: 400 }, 32)).toEqual({ left: "50.000%", top: "50.000%" });
  });
});
