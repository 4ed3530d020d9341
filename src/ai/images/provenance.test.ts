import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { processImage } from "../../media/process.ts";
import { provenanceXmp, TRAINED_ALGORITHMIC_MEDIA } from "./provenance.ts";

describe("provenance XMP", () => {
  it("survives processing into the stored WebP, with a prompt full of XML's special characters", async () => {
    const prompt = `a "cat" <script> & a dog's\u0001 bell`;
    const xmp = provenanceXmp({
      model: "builtin:sketch",
      prompt,
      createdAt: new Date("2026-01-02T03:04:05Z"),
    });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366aa" } })
      .png()
      .toBuffer();
    const processed = await processImage(png, { maxBytes: 1 << 20, maxPixels: 1 << 20 }, { xmp });
    const stored = (await sharp(processed.original.data).metadata()).xmp?.toString() ?? "";
    expect(stored).toContain(`Iptc4xmpExt:DigitalSourceType="${TRAINED_ALGORITHMIC_MEDIA}"`);
    expect(stored).toContain('Iptc4xmpExt:AISystemUsed="builtin:sketch"');
    expect(stored).toContain("a &quot;cat&quot; &lt;script&gt; &amp; a dog&apos;s  bell");
    expect(stored).not.toContain("<script>");
    expect(stored).not.toContain("\u0001");
    // The thumbnail carries no metadata at all.
    expect((await sharp(processed.thumbnail.data).metadata()).xmp).toBeUndefined();
  });
});
