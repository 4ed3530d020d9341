// XSS (issue 3): 1,000+ payloads — classic vectors, then fast-check combinations and mutations of
// them — posted as status text, spoiler text, display name, bio and profile field names and values.
// The HTML fields (`content`, `note`, field `value`) may hold only the markup Mastodon's renderer
// writes (p, br, a with href/class/rel/target/translate, span with class/translate), no event
// handler, no href but http(s); their text must be exactly what was sent. Plain-text fields
// (display_name, spoiler_text, field `name`) come back as sent, unescaped, as Mastodon returns
// them: clients escape text.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerUser, type UserSession } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { CLASSIC_VECTORS, payloadArb } from "./xss-payloads.ts";

const STATUS_RUNS = Number(process.env.XSS_STATUS_RUNS ?? 250);
const PROFILE_RUNS = Number(process.env.XSS_PROFILE_RUNS ?? 1000);
const PER_STATUS = 4;

const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  br: [],
  a: ["href", "class", "rel", "target", "translate"],
  span: ["class", "translate"],
};

const TAG = /<(\/?)([A-Za-z][^\s/>]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>/g;
const ATTRIBUTE = /\s+([^\s=>/]+)(?:="([^"]*)")?/g;

const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

/** Every problem with `html` as safe Mastodon markup; empty when it is safe. */
function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const [tag, , name, attributes] of html.matchAll(TAG)) {
    const allowed = ALLOWED[name!.toLowerCase()];
    if (!allowed) {
      problems.push(`tag <${name}> is not allowed: ${tag}`);
      continue;
    }
    if (/\son[a-z]*\s*=/i.test(tag)) problems.push(`event handler in ${tag}`);
    for (const [, attribute, value = ""] of attributes!.matchAll(ATTRIBUTE)) {
      if (!allowed.includes(attribute!)) problems.push(`attribute ${attribute} on <${name}>: ${tag}`);
      if (attribute === "href") {
        // What a browser would follow: entities decoded, whitespace and control characters dropped.
        const href = decode(value).replace(/[\s\p{Cc}]/gu, "");
        if (!/^https?:\/\//i.test(href)) problems.push(`href ${href} is not http(s) in ${tag}`);
      }
    }
  }
  const outside = html.replace(TAG, "");
  if (/[<>]/.test(outside))
    problems.push(`a raw < or > outside the renderer's tags: ${outside.slice(0, 200)}`);
  return problems;
}

/** The text a reader sees in rendered HTML: paragraphs as blank lines, <br /> as newlines. */
function textOf(html: string): string {
  return decode(
    html
      .replaceAll("</p><p>", "\n\n")
      .replaceAll("<br />", "\n")
      .replace(/<[^>]*>/g, ""),
  );
}

/** What the renderer must show for `text`: line endings normalized, trimmed, blank lines as one. */
function expectedText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n{2,}/)
    .join("\n\n");
}

function checkHtml(field: string, html: string, sent: string) {
  expect(unsafeMarkup(html), `${field} for ${JSON.stringify(sent)}: ${html}`).toEqual([]);
  expect(textOf(html), `${field}: the text of ${html}`).toBe(expectedText(sent));
}

/** Cut to `max` UTF-16 units without splitting a character (the server's limits). */
function clip(text: string, max: number): string {
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

let server: TestServer;
let user: UserSession;

async function call(method: string, path: string, body: Record<string, unknown>) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(json)}`).toBe(
    200,
  );
  return json;
}

/** Posts payloads as one status's text (one per line) and one as its spoiler; checks what comes back. */
async function postStatus(payloads: string[], spoiler: string) {
  const text = clip(payloads.join("\n"), 330 - spoiler.length); // short URLs count 23 each: room for them
  const status = await call("POST", "/api/v1/statuses", { status: text, spoiler_text: spoiler });
  checkHtml("content", status.content as string, text);
  expect(status.spoiler_text, "spoiler_text is plain text, returned as sent").toBe(spoiler.trim());
}

interface Profile {
  displayName: string;
  note: string;
  fields: { name: string; value: string }[];
}

/** Sets every profile text at once and checks the CredentialAccount that comes back. */
async function updateProfile(profile: Profile) {
  const account = await call("PATCH", "/api/v1/accounts/update_credentials", {
    display_name: profile.displayName,
    note: profile.note,
    fields_attributes: profile.fields,
  });
  expect(account.display_name, "display_name is plain text, returned as sent").toBe(
    profile.displayName.trim(),
  );
  checkHtml("note", account.note as string, profile.note);
  const fields = account.fields as { name: string; value: string }[];
  expect(
    fields.map((f) => f.name),
    "field names are plain text, returned as sent",
  ).toEqual(profile.fields.map((f) => f.name.trim()));
  profile.fields.forEach((field, i) => {
    checkHtml(`fields[${i}].value`, fields[i]!.value, field.value.trim());
  });
}

const profileFrom = (p: string[]): Profile => ({
  displayName: clip(p[0]!, 30),
  note: clip(p[1]!, 500),
  fields: p.slice(2, 6).map((payload, i) => ({
    name: clip(payload, 255),
    value: clip(p[(i + 3) % p.length]!, 255),
  })),
});

describe("XSS payloads come back escaped", () => {
  beforeAll(async () => {
    server = (await startTestServer())!;
    user = await registerUser(server.url, "xssuser");
  });
  afterAll(() => server?.stop());

  it("the checker itself refuses unsafe markup", () => {
    expect(
      unsafeMarkup('<p>ok <a href="https://x.example/" rel="tag">#<span>x</span></a><br />ok</p>'),
    ).toEqual([]);
    for (const bad of [
      "<script>alert(1)</script>",
      '<a href="javascript:alert(1)">x</a>',
      '<a href="https://x.example/" onclick="alert(1)">x</a>',
      '<span style="x">x</span>',
      "<p>a <b</p>",
    ])
      expect(unsafeMarkup(bad), bad).not.toEqual([]);
  });

  it("keeps every character of a shortened link (the 30-character cut must not split one)", async () => {
    // "example.com/" and 17 letters make 29 UTF-16 units: the emoji straddles the cut.
    const text = `https://example.com/${"a".repeat(17)}😀b`;
    const status = await call("POST", "/api/v1/statuses", { status: text });
    checkHtml("content", status.content as string, text);
  });

  it("as status text and spoiler text: every classic vector alone", async () => {
    for (const vector of CLASSIC_VECTORS) await postStatus([vector], vector.length < 100 ? vector : "cw");
  });

  it("as status text and spoiler text: combined and mutated payloads", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(payloadArb, { minLength: PER_STATUS, maxLength: PER_STATUS }),
        payloadArb,
        (p, s) => postStatus(p, clip(s, 100)),
      ),
      { numRuns: STATUS_RUNS },
    );
  }, 300_000);

  it("as display name, bio and profile field names and values", async () => {
    for (let i = 0; i < CLASSIC_VECTORS.length; i++) {
      const rotated = [...CLASSIC_VECTORS.slice(i), ...CLASSIC_VECTORS.slice(0, i)];
      await updateProfile(profileFrom(rotated));
    }
    await fc.assert(
      fc.asyncProperty(fc.array(payloadArb, { minLength: 6, maxLength: 6 }), (p) =>
        updateProfile(profileFrom(p)),
      ),
      { numRuns: PROFILE_RUNS },
    );
  }, 300_000);
});
