// XSS payloads: classic vectors (script tags, event handlers, javascript: URLs, SVG, entity-encoded
// and mixed-case variants, broken tags, attribute and paragraph breakouts, unicode tricks), and a
// fast-check arbitrary that combines and mutates them — glued to URLs, mentions and hashtags, the
// places where the renderer itself writes markup.
import fc from "fast-check";

export const CLASSIC_VECTORS: readonly string[] = [
  "<script>alert(1)</script>",
  "<ScRiPt>alert(1)</sCrIpT>",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  '<script\ttype="text/javascript">alert(1)</script>',
  "<img src=x onerror=alert(1)>",
  '<img src="x" onerror="alert(1)"',
  '<img """><script>alert(1)</script>">',
  "<img src=`x` onerror=alert(1)>",
  "<img src=x:alert(alt) onerror=eval(src) alt=0>",
  "<svg onload=alert(1)>",
  "<svg/onload=alert(1)>",
  "<svg><script>alert&#40;1&#41;</script>",
  "<body onload=alert(1)>",
  "<details open ontoggle=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
  "<video><source onerror=alert(1)>",
  "<xss onafterscriptexecute=alert(1)><script>1</script>",
  '<iframe src="javascript:alert(1)">',
  '<object data="javascript:alert(1)">',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "<link rel=stylesheet href=javascript:alert(1)>",
  "<style>@import 'javascript:alert(1)';</style>",
  '<div style="background:url(javascript:alert(1))">',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  "<template><img src=x onerror=alert(1)></template>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  "<![CDATA[<script>alert(1)</script>]]>",
  '<a href="javascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="https://example.com/" onclick="alert(1)">x</a>',
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  "java\tscript:alert(1)",
  "&#106;avascript:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&amp;lt;script&amp;gt;",
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '" onmouseover="alert(1)',
  "' onmouseover='alert(1)",
  "</p><script>alert(1)</script><p>",
  "</span><script>alert(1)</script>",
  '</a><a href="javascript:alert(1)">',
  "<br/><script>alert(1)</script>",
  "<p onclick=alert(1)>x</p>",
  '<span class="x" onmouseover="alert(1)">x</span>',
  'https://example.com/"onmouseover="alert(1)',
  "https://example.com/<script>alert(1)</script>",
  'https://example.com/?q="><svg/onload=alert(1)>',
  'https://example.com/#"onfocus=alert(1) autofocus="',
  "http://x.example/'onerror='alert(1)",
  "https://example.com/`onerror=alert(1)`",
  'https://ex.ample/(a)"><img src=x onerror=alert(1)>',
  '@admin"><script>alert(1)</script>',
  '#tag"><img src=x onerror=alert(1)>',
  "#<script>alert(1)</script>",
  "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
  "%3Cscript%3Ealert(1)%3C/script%3E",
  "＜script＞alert(1)＜/script＞",
  "\u202e<script>alert(1)</script>",
  "<\u200bscript>alert(1)</script>",
  "<scri\u00adpt>alert(1)</script>",
  "<img src=x onerror=\u0061lert(1)>",
  "<<script>script>alert(1)<</script>/script>",
  "<a",
  "<",
  ">",
  "&",
  '"',
  "'",
  "`",
];

const breakouts = ['"', "'", "`", ">", '">', "'>", "</p>", "</a>", "</span>", "<br />", "\n", "\n\n", " "];
const glue = [
  "https://example.com/",
  "https://a.example/x?y=",
  "@admin",
  "@xssuser",
  "#tag",
  "#",
  "@",
  "http://localhost/",
];
const handlers = ["onerror", "onload", "onclick", "onmouseover", "onfocus", "ontoggle", "OnErRoR"];

/** Encodes one character the way payloads hide themselves: decimal, hex or named entities. */
function entity(ch: string, style: number): string {
  const code = ch.codePointAt(0)!;
  if (style === 0) return `&#${code};`;
  if (style === 1) return `&#x${code.toString(16)};`;
  return ({ "<": "&lt;", ">": "&gt;", '"': "&quot;", "&": "&amp;" } as Record<string, string>)[ch] ?? ch;
}

const mutation = fc.oneof(
  fc.constant((s: string) => s),
  fc.constant((s: string) => s.toUpperCase()),
  fc
    .integer({ min: 0, max: 2 ** 16 })
    .map(
      (bits) => (s: string) =>
        [...s].map((ch, i) => ((bits >> (i % 16)) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join(""),
    ),
  fc.tuple(fc.nat({ max: 2 }), fc.constantFrom("<", ">", '"', "&", "j", "s")).map(
    ([style, ch]) =>
      (s: string) =>
        s.replaceAll(ch, entity(ch, style)),
  ),
  fc.constant((s: string) => s.replace(/>[^>]*$/, "")), // a broken, unclosed tag
  fc.constantFrom(...handlers).map((h) => (s: string) => s.replace(/on[a-z]+=/i, `${h}=`)),
  fc
    .constantFrom("\u200b", "\u00a0", "\t", "\u2028", "\ufeff")
    .map((ch) => (s: string) => s.replace("<", `<${ch}`)),
);

/** One payload: one to three vectors, each mutated, joined by breakouts and renderer-triggering glue. */
export const payloadArb: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...breakouts, ...glue, ""),
      fc.constantFrom(...CLASSIC_VECTORS),
      mutation,
      fc.string({ unit: "grapheme", maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => parts.map(([lead, vector, mutate, noise]) => `${lead}${mutate(vector)}${noise}`).join(""))
  // NUL is refused (422) before any rendering, and an all-blank field is dropped: neither tests escaping.
  .map((payload) => payload.replaceAll("\u0000", ""))
  .filter((payload) => payload.trim().length > 0);
