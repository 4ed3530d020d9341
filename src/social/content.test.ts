import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countCharacters, extractHashtags, extractMentions, renderHtml } from "./content.ts";

const options = { publicUrl: "https://atelier.test", mentionable: new Map([["alice", "alice"]]) };

describe("renderHtml", () => {
  it("links URLs, hashtags and known mentions, and escapes the rest", () => {
    const html = renderHtml("Hi @alice & @nobody, see https://example.com/a?b=1. #Art <b>", options);
    expect(html).toContain(
      '<a href="https://atelier.test/@alice" class="u-url mention">@<span>alice</span></a>',
    );
    expect(html).toContain("@nobody"); // unknown accounts stay text
    expect(html).toContain('href="https://example.com/a?b=1"');
    expect(html).toContain(
      '<a href="https://atelier.test/tags/art" class="mention hashtag" rel="tag">#<span>Art</span></a>',
    );
    expect(html).toContain("&amp; ");
    expect(html).toContain("&lt;b&gt;");
    expect(html).not.toContain("<b>");
  });

  it("makes paragraphs and line breaks", () => {
    expect(renderHtml("one\ntwo\n\nthree", options)).toBe("<p>one<br />two</p><p>three</p>");
  });

  it("keeps a parenthesis that belongs to the URL and drops trailing punctuation", () => {
    const html = renderHtml("(see https://en.wikipedia.org/wiki/Foo_(bar)).", options);
    expect(html).toContain('href="https://en.wikipedia.org/wiki/Foo_(bar)"');
  });

  it("does not treat emails or mid-word signs as mentions or tags", () => {
    expect(extractMentions("mail me at bob@alice.example")).toEqual([]);
    expect(extractHashtags("a&#39;b C#sharp issue#12 #12")).toEqual([]);
  });

  it("never lets markup through, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const html = renderHtml(text, options);
        const stripped = html.replace(
          /<\/?(p|br \/|a [^>]*|a|span( class="[^"<>]*")?( translate="no")?)>/g,
          "",
        );
        expect(stripped).not.toMatch(/[<>]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("extraction and counting", () => {
  it("finds unique mentions and hashtags", () => {
    expect(extractMentions("@Alice hi @alice and @bob@remote.example")).toEqual(["alice"]);
    expect(extractHashtags("#Cats and #cats and #日本")).toEqual(["Cats", "日本"]);
  });

  it("counts URLs as 23 characters", () => {
    expect(countCharacters(`look ${"https://example.com/".padEnd(80, "x")}`)).toBe(5 + 23);
    expect(countCharacters("héllo 👋")).toBe(7);
  });
});
