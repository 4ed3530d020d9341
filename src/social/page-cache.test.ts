import { describe, expect, it } from "vitest";
import { DataChanges, parseChange } from "../db/changes.ts";
import { createLogger } from "../log.ts";
import { PageCache, type PageDependencies } from "./page-cache.ts";

const deps = (viewerId: bigint, statusIds: bigint[] = [], accountIds: bigint[] = []): PageDependencies => ({
  viewerId,
  statusIds,
  accountIds,
});

function setup(maxSize = 1000) {
  const changes = new DataChanges(createLogger("silent"));
  const cache = new PageCache<string>(changes, { maxSize, sizeOf: (page) => page.length });
  let builds = 0;
  const fill = (key: string, page: string, dependencies: PageDependencies) =>
    cache.fill(key, async () => {
      builds++;
      return { page, dependencies };
    });
  return { changes, cache, fill, builds: () => builds };
}

describe("row change payloads", () => {
  it("parses the triggers' messages and ignores anything else", () => {
    expect(parseChange("s:1,22,333")).toEqual({ kind: "status", ids: [1n, 22n, 333n] });
    expect(parseChange("a:7")).toEqual({ kind: "account", ids: [7n] });
    expect(parseChange("v:9,x")).toEqual({ kind: "viewer", ids: [9n] });
    expect(parseChange("q:1")).toBeNull();
    expect(parseChange("")).toBeNull();
  });
});

describe("PageCache", () => {
  it("answers a second read from memory, without building again", async () => {
    const { fill, builds } = setup();
    expect(await fill("1:20", "page A", deps(1n, [10n], [5n]))).toBe("page A");
    expect(await fill("1:20", "page B", deps(1n, [10n], [5n]))).toBe("page A");
    expect(builds()).toBe(1);
  });

  it("drops a page when a status, author or the viewer's view on it changes, and only then", async () => {
    const { changes, cache, fill } = setup();
    await fill("1:20", "p1", deps(1n, [10n, 11n], [5n]));
    await fill("2:20", "p2", deps(2n, [12n], [6n]));
    changes.receive("s:99,98"); // statuses on no page
    changes.receive("v:3");
    expect([cache.get("1:20"), cache.get("2:20")]).toEqual(["p1", "p2"]);
    changes.receive("s:11");
    expect([cache.get("1:20"), cache.get("2:20")]).toEqual([undefined, "p2"]);
    changes.receive("a:6");
    expect(cache.get("2:20")).toBeUndefined();
    await fill("1:20", "p1", deps(1n, [10n], [5n]));
    changes.receive("v:1");
    expect(cache.get("1:20")).toBeUndefined();
    expect(cache.pageCount).toBe(0);
  });

  it("starts over when told anything may have changed", async () => {
    const { changes, cache, fill } = setup();
    await fill("1:20", "p1", deps(1n));
    await fill("2:20", "p2", deps(2n));
    changes.receive("*");
    expect(cache.pageCount).toBe(0);
    expect(cache.size).toBe(0);
  });

  it("does not keep a page built while something it shows changed", async () => {
    const { changes, cache } = setup();
    let release!: () => void;
    const built = cache.fill("1:20", async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { page: "read before the change", dependencies: deps(1n, [10n]) };
    });
    changes.receive("s:10");
    release();
    expect(await built).toBe("read before the change"); // this request still gets its answer
    expect(cache.get("1:20")).toBeUndefined(); // but the next one builds afresh

    let releaseOther!: () => void;
    const other = cache.fill("2:20", async () => {
      await new Promise<void>((resolve) => (releaseOther = resolve));
      return { page: "unaffected", dependencies: deps(2n, [20n]) };
    });
    changes.receive("s:10"); // not on this page
    releaseOther();
    await other;
    expect(cache.get("2:20")).toBe("unaffected");
  });

  it("shares one build between concurrent reads of the same page", async () => {
    const { cache } = setup();
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { page: "shared", dependencies: deps(1n) };
    };
    const pages = await Promise.all([cache.fill("1:20", build), cache.fill("1:20", build)]);
    expect(pages).toEqual(["shared", "shared"]);
    expect(builds).toBe(1);
  });

  it("keeps within its size, letting the least recently read page go", async () => {
    const { cache, fill } = setup(10);
    await fill("a", "aaaa", deps(1n));
    await fill("b", "bbbb", deps(2n));
    cache.get("a");
    await fill("c", "cccc", deps(3n));
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["aaaa", undefined, "cccc"]);
    expect(cache.size).toBe(8);
    await fill("huge", "x".repeat(11), deps(4n));
    expect(cache.get("huge")).toBeUndefined();
  });
});
