import { describe, expect, it } from "vitest";
import { suggestHashtags, type TrendingTag } from "./hashtags.ts";

const trending = (...names: string[]): TrendingTag[] => names.map((name) => ({ name, accounts: 1, uses: 1 }));

describe("suggestHashtags", () => {
  it("suggests trending tags whose every word is in the text, in trending order", () => {
    const tags = trending("GenerativeArt", "Harbour", "pixel_art", "Inktober2026", "Sunset");
    expect(suggestHashtags("Some pixel art of boats in the harbours", tags)).toEqual([
      "Harbour",
      "pixel_art",
    ]);
    expect(suggestHashtags("My generative art for inktober 2026", tags)).toEqual([
      "GenerativeArt",
      "Inktober2026",
    ]);
    expect(suggestHashtags("a generative model of the sea", tags)).toEqual([]);
  });

  it("skips tags already in the text and stops at the limit", () => {
    const tags = trending("Cat", "Cats", "Sea", "Boat", "Sky", "Sun", "Sand");
    expect(suggestHashtags("#cat on a boat at sea under sun and sky on sand", tags, 3)).toEqual([
      "Sea",
      "Boat",
      "Sky",
    ]);
  });
});
