import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./fallback.ts";

describe("parseRetryAfter", () => {
  it("reads seconds, OpenAI's retry-after-ms and an HTTP date, whatever the header's case", () => {
    expect(parseRetryAfter({ "Retry-After": "3" })).toBe(3000);
    expect(parseRetryAfter({ "retry-after-ms": "250", "retry-after": "3" })).toBe(250);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter({ "retry-after": inTenSeconds })).toBeGreaterThan(8000);
    expect(parseRetryAfter({ "retry-after": new Date(Date.now() - 60_000).toUTCString() })).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "soon" })).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "-5" })).toBeUndefined();
  });
});
