import { describe, expect, it } from "vitest";
import { checkStreamScope, resolveStream, StreamError } from "./streams.ts";

const scopeError = (name: string, scopes: string[]) => {
  try {
    checkStreamScope(name, scopes);
    return null;
  } catch (err) {
    return err instanceof StreamError ? err.status : err;
  }
};

describe("stream names and scopes", () => {
  it("needs read or read:statuses for user, read or read:notifications for user:notification", () => {
    expect(scopeError("user", ["read"])).toBeNull();
    expect(scopeError("user", ["read:statuses"])).toBeNull();
    expect(scopeError("user", ["read:notifications"])).toBe(401);
    expect(scopeError("user", ["write", "follow"])).toBe(401);
    expect(scopeError("user:notification", ["read:notifications"])).toBeNull();
    expect(scopeError("user:notification", ["read:statuses"])).toBe(401);
    expect(scopeError("public", ["write"])).toBeNull(); // public streams need a user, no scope
  });

  it("maps streams to the viewer's channels and labels them as Mastodon does", () => {
    const user = resolveStream("user", {}, 42n);
    expect(user.label).toEqual(["user"]);
    expect(user.sources.map((s) => s.channel)).toEqual(["timeline:42", "notifications:42"]);
    // Image generation progress (`ai.image`) rides the notifications channel, for the user stream only.
    expect([...user.sources[1]!.events]).toEqual(["notification", "ai.image"]);
    expect([...resolveStream("user:notification", {}, 42n).sources[0]!.events]).toEqual(["notification"]);
    const tag = resolveStream("hashtag", { tag: "#Cats" }, 42n);
    expect(tag.label).toEqual(["hashtag", "#Cats"]);
    expect(tag.key).toBe("hashtag:cats");
    expect(tag.sources.map((s) => s.channel)).toEqual(["hashtag:cats", "public"]);
    expect(resolveStream("public:local:media", {}, 1n).onlyMedia).toBe(true);
    expect(resolveStream("public:remote", {}, 1n).sources).toEqual([]);
    expect(() => resolveStream("hashtag", {}, 1n)).toThrow("No tag for stream provided");
    expect(() => resolveStream("list", {}, 1n)).toThrow("Unknown stream type");
  });
});
