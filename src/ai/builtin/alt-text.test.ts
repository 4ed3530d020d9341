import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { describeBuiltin, measureImage } from "./alt-text.ts";

describe("built-in alt text", () => {
  it("says what it can measure — orientation, size, main colours — as a draft", async () => {
    // Left two thirds blue, right third orange.
    const blue = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#2850d2" } })
      .composite([
        {
          input: await sharp({ create: { width: 67, height: 100, channels: 3, background: "#f08020" } })
            .png()
            .toBuffer(),
          left: 133,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const facts = await measureImage(blue);
    expect(facts).toMatchObject({ width: 200, height: 100, orientation: "landscape" });
    expect(facts.colours.map((c) => c.name)).toEqual(["blue", "orange"]);
    const { description, draft } = await describeBuiltin(blue);
    expect(draft).toBe(true);
    expect(description).toBe(
      "Draft: a landscape image (200 × 100 pixels), mostly blue and orange. Please describe what it shows.",
    );
  });

  it("notices a dark portrait picture", async () => {
    const dark = await sharp({ create: { width: 60, height: 120, channels: 3, background: "#101010" } })
      .jpeg()
      .toBuffer();
    expect((await describeBuiltin(dark)).description).toBe(
      "Draft: a dark portrait image (60 × 120 pixels), mostly black. Please describe what it shows.",
    );
  });

  it("describes a generated image from its prompt", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
      .png()
      .toBuffer();
    expect(await describeBuiltin(png, "a red fox in the snow, watercolor.")).toEqual({
      description: "AI-generated image of a red fox in the snow, watercolor.",
      draft: false,
    });
  });
});
