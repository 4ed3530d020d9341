// The table of bad requests and Mastodon's answers to them: malformed JSON, wrong types, unknown
// ids, over-long text, missing scopes, missing or bad tokens — each answered with {"error": "…"}.

export type AuthKind = "none" | "admin" | "user" | "read-only" | "bad token" | "not bearer";

/** Ids of real things made by the test's fixtures, by kind. */
export interface FixtureIds {
  accounts: string[];
  statuses: string[];
  notifications: string[];
  reports: string[];
  media: string[];
}

export interface Case {
  method: string;
  path: string;
  auth: AuthKind | "app";
  /** An object goes as JSON; a string as raw JSON text. */
  body?: Record<string, unknown> | string;
  expected: number;
}

export const KINDS = [
  "malformed JSON → 400",
  "wrong types → 422",
  "unknown ids → 404",
  "over-long text → 422",
  "missing scope → 403",
  "missing or bad token → 401",
  "app token on a user endpoint → 422",
] as const;

/** Mastodon's answers to each kind of bad request, from a real client's point of view. */
export function cases(ids: FixtureIds): Record<(typeof KINDS)[number], Case[]> {
  const [admin_, user_] = ids.accounts as [string, string, string];
  const [status, , secret] = ids.statuses as [string, string, string];
  const [report] = ids.reports as [string];
  const long = (n: number) => "a".repeat(n);
  const json = (method: string, path: string, body: string, auth: AuthKind = "user"): Case => ({
    method,
    path,
    auth,
    body,
    expected: 400,
  });
  const as = (
    expected: number,
    auth: Case["auth"],
    method: string,
    path: string,
    body?: Case["body"],
  ): Case => ({
    method,
    path,
    auth,
    ...(body === undefined ? {} : { body }),
    expected,
  });
  return {
    "malformed JSON → 400": [
      json("POST", "/api/v1/statuses", "{"),
      json("POST", "/api/v1/statuses", "[]"),
      json("PUT", `/api/v1/statuses/${status}`, '{"status": '),
      json("PATCH", "/api/v1/accounts/update_credentials", "{'display_name': 1}"),
      json("POST", `/api/v1/accounts/${admin_}/follow`, "[1,"),
      json("POST", "/api/v1/markers", "nope"),
      json("POST", "/api/v1/reports", '{"account_id": 1}}'),
      json("POST", "/api/v1/apps", "{", "none"),
      json("POST", `/api/v1/admin/accounts/${user_}/action`, "{", "admin"),
    ],
    "wrong types → 422": [
      as(422, "user", "POST", "/api/v1/statuses", { status: "x", visibility: "everyone" }),
      as(422, "user", "POST", "/api/v1/statuses", { status: { text: "x" } }),
      as(422, "user", "POST", "/api/v1/statuses", { status: "x", in_reply_to_id: "abc" }),
      as(422, "user", "POST", "/api/v1/statuses", { status: "x", media_ids: ["nope"] }),
      as(422, "user", "POST", "/api/v1/statuses", { status: "x", sensitive: { yes: true } }),
      as(422, "user", "POST", "/api/v1/statuses", { status: "   " }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", { locked: [true] }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", { fields_attributes: 5 }),
      as(422, "user", "POST", `/api/v1/accounts/${admin_}/mute`, { duration: "forever" }),
      as(422, "user", "POST", "/api/v1/markers", { home: { last_read_id: "abc" } }),
      as(422, "user", "GET", "/api/v1/timelines/public?local=perhaps"),
      as(422, "user", "GET", "/api/v1/timelines/home?max_id=abc"),
      as(422, "admin", "POST", `/api/v1/admin/accounts/${user_}/action`, { type: "obliterate" }),
      as(422, "none", "POST", "/api/v1/apps", {
        client_name: ["x"],
        redirect_uris: "urn:ietf:wg:oauth:2.0:oob",
      }),
    ],
    "unknown ids → 404": [
      ...["1", "99999999999999999999", "abc"].map((id) => as(404, "user", "GET", `/api/v1/statuses/${id}`)),
      as(404, "read-only", "GET", `/api/v1/statuses/${secret}`), // not a follower: invisible is unknown
      as(404, "none", "GET", `/api/v1/statuses/${secret}/context`),
      as(404, "user", "GET", "/api/v1/statuses/1/context"),
      as(404, "user", "POST", "/api/v1/statuses/1/favourite"),
      as(404, "user", "POST", "/api/v1/statuses/1/reblog"),
      as(404, "user", "POST", "/api/v1/statuses/1/bookmark"),
      as(404, "user", "PUT", "/api/v1/statuses/1", { status: "x" }),
      as(404, "user", "DELETE", "/api/v1/statuses/1"),
      as(404, "user", "POST", "/api/v1/statuses", { status: "x", in_reply_to_id: "1" }),
      as(404, "user", "GET", "/api/v1/accounts/1"),
      as(404, "user", "GET", "/api/v1/accounts/1/statuses"),
      as(404, "user", "GET", "/api/v1/accounts/1/followers"),
      as(404, "user", "POST", "/api/v1/accounts/1/follow"),
      as(404, "user", "POST", "/api/v1/accounts/1/block"),
      as(404, "user", "POST", "/api/v1/accounts/1/mute"),
      as(404, "user", "GET", "/api/v1/accounts/lookup?acct=nobody"),
      as(404, "user", "GET", "/api/v1/notifications/1"),
      as(404, "user", "POST", "/api/v1/notifications/1/dismiss"),
      as(404, "user", "POST", "/api/v1/follow_requests/1/authorize"),
      as(404, "user", "GET", "/api/v1/media/1"),
      as(404, "user", "PUT", "/api/v1/media/1", { description: "x" }),
      as(404, "admin", "GET", "/api/v1/admin/accounts/1"),
      as(404, "admin", "GET", "/api/v1/admin/reports/1"),
      as(404, "user", "GET", "/api/v1/no/such/endpoint"),
    ],
    "over-long text → 422": [
      as(422, "user", "POST", "/api/v1/statuses", { status: long(501) }),
      as(422, "user", "POST", "/api/v1/statuses", { status: long(400), spoiler_text: long(101) }),
      as(422, "user", "PUT", `/api/v1/statuses/${status}`, { status: long(501) }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", { display_name: long(31) }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", { note: long(501) }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", {
        fields_attributes: [{ name: "n", value: long(256) }],
      }),
      as(422, "user", "PATCH", "/api/v1/accounts/update_credentials", {
        fields_attributes: Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, value: "v" })),
      }),
      as(422, "user", "POST", "/api/v1/reports", { account_id: admin_, comment: long(1001) }),
    ],
    "missing scope → 403": [
      as(403, "read-only", "POST", "/api/v1/statuses", { status: "x" }),
      as(403, "read-only", "PUT", `/api/v1/statuses/${status}`, { status: "x" }),
      as(403, "read-only", "DELETE", `/api/v1/statuses/${status}`),
      as(403, "read-only", "POST", `/api/v1/statuses/${status}/favourite`),
      as(403, "read-only", "POST", `/api/v1/statuses/${status}/reblog`),
      as(403, "read-only", "POST", `/api/v1/statuses/${status}/bookmark`),
      as(403, "read-only", "POST", `/api/v1/accounts/${admin_}/follow`),
      as(403, "read-only", "POST", `/api/v1/accounts/${admin_}/block`),
      as(403, "read-only", "POST", `/api/v1/accounts/${admin_}/mute`),
      as(403, "read-only", "PATCH", "/api/v1/accounts/update_credentials", { note: "x" }),
      as(403, "read-only", "POST", "/api/v1/markers", { home: { last_read_id: status } }),
      as(403, "read-only", "POST", "/api/v1/notifications/clear"),
      as(403, "read-only", "POST", "/api/v1/reports", { account_id: admin_ }),
      as(403, "read-only", "POST", "/api/v2/media"),
      as(403, "read-only", "GET", "/api/v1/admin/reports"),
      as(403, "user", "GET", `/api/v1/admin/accounts/${admin_}`),
      as(403, "user", "POST", `/api/v1/admin/reports/${report}/resolve`),
    ],
    "missing or bad token → 401": [
      ...[
        "/api/v1/timelines/home",
        "/api/v1/notifications",
        "/api/v1/notifications/unread_count",
        "/api/v1/accounts/verify_credentials",
        "/api/v1/accounts/relationships",
        "/api/v1/bookmarks",
        "/api/v1/favourites",
        "/api/v1/blocks",
        "/api/v1/mutes",
        "/api/v1/follow_requests",
        "/api/v1/markers",
        "/api/v1/admin/reports",
      ].map((path) => as(401, "none", "GET", path)),
      as(401, "none", "POST", "/api/v1/statuses", { status: "x" }),
      as(401, "none", "DELETE", `/api/v1/statuses/${status}`),
      as(401, "none", "POST", `/api/v1/statuses/${status}/favourite`),
      as(401, "none", "POST", `/api/v1/accounts/${admin_}/follow`),
      as(401, "none", "PATCH", "/api/v1/accounts/update_credentials", { note: "x" }),
      as(401, "none", "POST", "/api/v1/reports", { account_id: admin_ }),
      as(401, "none", "POST", "/api/v2/media"),
      as(401, "bad token", "GET", "/api/v1/timelines/public"),
      as(401, "bad token", "GET", `/api/v1/statuses/${status}`),
      as(401, "not bearer", "GET", "/api/v1/timelines/home"),
    ],
    "app token on a user endpoint → 422": [as(422, "app", "GET", "/api/v1/timelines/home")],
  };
}
