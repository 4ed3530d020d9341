// What the fuzz test throws at each route: path parameters (real ids, unknown ids, garbage),
// Rails-style query strings, and bodies of every shape a client (or an attacker) might send —
// random JSON, malformed JSON, urlencoded and multipart garbage, huge and odd unicode strings.
import fc from "fast-check";

/** Parameter names the API reads somewhere, so random values reach real validation code. */
const KNOWN_KEYS = `
  status visibility in_reply_to_id media_ids media_ids[] spoiler_text sensitive language poll
  scheduled_at display_name note locked bot discoverable fields_attributes
  fields_attributes[0][name] fields_attributes[0][value] source[privacy] avatar header file
  thumbnail description focus username email password agreement locale reason client_name
  redirect_uris scopes website grant_type client_id client_secret code redirect_uri code_verifier
  refresh_token token scope reblogs notify languages[] notifications duration id id[]
  with_suspended exclude_replies exclude_reblogs only_media pinned tagged limit max_id since_id
  min_id local remote any[] all[] none[] types[] exclude_types[] account_id q type resolve
  following offset home[last_read_id] notifications[last_read_id] timeline[] category comment
  status_ids[] rule_ids[] forward text report_id warning_preset_id send_email_notification
  resolved target_account_id by_target_domain access_token stream tag decision login response_type
  code_challenge code_challenge_method state acct media_attributes[0][id] __proto__
  constructor[prototype]
`
  .trim()
  .split(/\s+/);

/** Percent-encodes what a client can send at all: lone surrogates have no UTF-8 form. */
const enc = (s: string) => encodeURIComponent(s.toWellFormed());

const hugeString = fc.constantFrom(
  "a".repeat(100_000),
  "é".repeat(20_000),
  "@".repeat(5000),
  "#a ".repeat(5000),
);

/** Strings that have broken servers before: control characters, lone surrogates, numbers past 64 bits. */
const nastyString = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "%",
  "%00",
  "%zz",
  "..",
  "../../etc/passwd",
  "\\",
  "null",
  "undefined",
  "true",
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "9223372036854775808",
  "-9223372036854775809",
  "0x10",
  "[]",
  "{}",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\u202e",
  "😀",
  "a\r\nSet-Cookie: x=y",
  "public",
  "direct",
  "read",
  "write",
  "user",
  "#tag",
  "@user",
  "https://example.com/",
  "urn:ietf:wg:oauth:2.0:oob",
  "authorization_code",
  "client_credentials",
);

export const stringValue = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
);

export function idValue(ids: string[]) {
  return fc.oneof(
    { weight: 4, arbitrary: ids.length ? fc.constantFrom(...ids) : fc.constant("1") },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
}

const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...KNOWN_KEYS).map((k) => `${k}[]`) },
  { weight: 1, arbitrary: fc.constantFrom(...KNOWN_KEYS).map((k) => `${k}[x][0][]`) },
);

function scalar(ids: string[]) {
  return fc.oneof(stringValue, idValue(ids), fc.integer().map(String), fc.constantFrom("true", "false", "1"));
}

/** A Rails-style query string; sometimes deliberately not valid percent-encoding. */
export function queryString(ids: string[]): fc.Arbitrary<string> {
  // Capped at 6 KB: past Node's 16 KB header limit a URL never reaches the app (Node answers 431), and
  // the Link header echoes the query twice (see the report: it can outgrow what clients accept).
  const pairs = fc.array(fc.tuple(key, scalar(ids)), { maxLength: 6 }).map((list) => {
    const encoded = list.map(([k, v]) => `${enc(k)}=${enc(v)}`);
    let query = "";
    for (const pair of encoded) if (query.length + pair.length < 6000) query += `${query ? "&" : ""}${pair}`;
    return query;
  });
  return fc.oneof(
    { weight: 6, arbitrary: pairs },
    {
      weight: 1,
      arbitrary: fc.constantFrom("a[=1&&=&", "%", "limit=%zz", "id[]=%E0%A4%A", "x[][][][][][]=1", "=&=&="),
    },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 30 }).map((s) => encodeURI(s.toWellFormed()).replaceAll("#", "%23")),
    },
  );
}

export type Body =
  | { kind: "none" }
  | { kind: "text"; contentType: string; text: string }
  | { kind: "multipart"; parts: [string, string | { bytes: Uint8Array; filename: string; type: string }][] };

function jsonValue(ids: string[]): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(scalar(ids), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(key, tie("value"), { maxKeys: 5 }),
    ),
  })).value;
}

/** A value of the kind the parameter `key` expects, so that some requests pass validation. */
function plausibleValue(key: string, ids: string[]): fc.Arbitrary<unknown> {
  if (/(^|_)ids?(\[|$)|_id$/.test(key))
    return fc.oneof(idValue(ids), fc.array(idValue(ids), { maxLength: 3 }));
  if (/visibility|privacy/.test(key)) return fc.constantFrom("public", "unlisted", "private", "direct");
  if (/^(type|category)$/.test(key))
    return fc.constantFrom("accounts", "statuses", "hashtags", "none", "sensitive", "spam", "other");
  if (/^(limit|offset|duration)$/.test(key)) return fc.integer({ min: -5, max: 100 });
  if (
    /locked|bot|sensitive|discoverable|agreement|reblogs|notify|resolve|following|local|only_media|exclude_|pinned|forward|resolved/.test(
      key,
    )
  )
    return fc.boolean();
  return fc.string({ unit: "grapheme", maxLength: 80 });
}

/** A JSON object of known parameters with values of the right kinds. */
function plausibleObject(ids: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.constantFrom(...KNOWN_KEYS), { maxLength: 6 })
    .chain((keys) =>
      fc
        .tuple(...keys.map((k) => plausibleValue(k, ids)))
        .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]]))),
    );
}

export function body(ids: string[]): fc.Arbitrary<Body> {
  const json = (contentType: string) =>
    fc
      .oneof(
        fc.dictionary(key, jsonValue(ids), { maxKeys: 8 }).map((v) => JSON.stringify(v)),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      )
      .map((text) => ({ kind: "text" as const, contentType, text }));
  const malformed = fc.oneof(
    fc.constantFrom(
      "{",
      '{"status": ',
      "[1,2",
      "{'a': 1}",
      "nul",
      "\u0000",
      '{"a":1}}',
      `${"[".repeat(5000)}`,
    ),
    fc.string({ maxLength: 30 }).map((s) => `{${s}`),
  );
  const form = fc
    .array(fc.tuple(key, scalar(ids)), { maxLength: 6 })
    .map((list) => list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&"));
  const file = fc.record({
    bytes: fc.uint8Array({ maxLength: 64 }),
    filename: fc.constantFrom("a.png", "x.gif", "", "../../x", "a\u0000.jpg"),
    type: fc.constantFrom("image/png", "application/octet-stream", "text/html", ""),
  });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
    { weight: 5, arbitrary: json("application/json") },
    {
      weight: 5,
      arbitrary: plausibleObject(ids).map((v) => ({
        kind: "text" as const,
        contentType: "application/json",
        text: JSON.stringify(v),
      })),
    },
    { weight: 1, arbitrary: json("application/merge-patch+json") },
    {
      weight: 2,
      arbitrary: malformed.map((text) => ({ kind: "text" as const, contentType: "application/json", text })),
    },
    {
      weight: 3,
      arbitrary: form.map((text) => ({
        kind: "text" as const,
        contentType: "application/x-www-form-urlencoded",
        text,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string()
        .map((text) => ({ kind: "text" as const, contentType: "application/x-www-form-urlencoded", text })),
    },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(key, fc.oneof(scalar(ids), file)), { maxLength: 5 })
        .map((parts) => ({ kind: "multipart" as const, parts })),
    },
    // Content types that lie: multipart without a boundary, JSON as text/plain, binary as JSON.
    {
      weight: 1,
      arbitrary: fc
        .string()
        .map((text) => ({ kind: "text" as const, contentType: "multipart/form-data", text })),
    },
    { weight: 1, arbitrary: json("text/plain") },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: "binary" })
        .map((text) => ({ kind: "text" as const, contentType: "application/json; charset=latin1", text })),
    },
  );
}

/** Replaces each `:param`, `:param{regex}` and `*` of a route pattern with a generated segment. */
export function pathFor(pattern: string, ids: string[]): fc.Arbitrary<string> {
  const parts = pattern.split("/").map((segment) => {
    if (segment.startsWith(":") || segment === "*") {
      return fc.oneof(
        { weight: 6, arbitrary: idValue(ids) },
        { weight: 2, arbitrary: stringValue.map((s) => enc(s.slice(0, 300))) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            "%",
            "%zz",
            "%E0%A4%A",
            "%2F",
            "..",
            "%00",
            "user",
            "public",
            "public/local",
            "hashtag",
          ),
        },
      );
    }
    return fc.constant(segment);
  });
  return fc.tuple(...parts).map((segments) => segments.join("/"));
}
