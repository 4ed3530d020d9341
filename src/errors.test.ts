import { describe, expect, it } from "vitest";
import { DomainError, refuseUnstorableText } from "./errors.ts";

/** What `refuseUnstorableText(fields)` throws, or undefined. */
function refusal(fields: Record<string, unknown>): unknown {
  try {
    refuseUnstorableText(fields);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("refuseUnstorableText", () => {
  it("lets ordinary text through, emoji (surrogate pairs) included", () => {
    expect(refusal({ text: "fine 🎨", spoiler_text: undefined, language: null, n: 3 })).toBeUndefined();
  });

  it("refuses a NUL anywhere, naming the field that holds it, with a 422", () => {
    const err = refusal({ post: { tags: ["ok", "b\0ad"] } });
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      status: 422,
      message: "Validation failed: tags must not contain NUL characters",
    });
  });

  it("refuses a lone surrogate (half an emoji), which jsonb cannot hold", () => {
    expect(refusal({ prompt: "🎨".slice(0, 1) })).toMatchObject({
      status: 422,
      message: "Validation failed: prompt must be valid Unicode (it has a lone surrogate)",
    });
  });
});
