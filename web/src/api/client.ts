// One fetch wrapper for the whole app: the session's token, JSON in and out, Link-header
// pagination, and failures turned into sentences a person can act on.

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

let accessToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Called when the server no longer accepts the token (revoked elsewhere, account suspended). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function plainError(status: number, serverMessage: string | undefined): string {
  // A quota (AI images, the assistant's budget) says when it resets; the plain rate limit doesn't.
  if (status === 429)
    return serverMessage && serverMessage !== "Too many requests"
      ? serverMessage
      : "You're doing that too often. Wait a minute and try again.";
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return serverMessage ?? "You're not allowed to do that.";
  if (status === 404) return "This doesn't exist any more, or you can't see it.";
  if (status === 413) return "That file is too large.";
  if (status >= 500) return "The server had a problem. Try again in a moment.";
  return serverMessage ?? `Something went wrong (error ${status}).`;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  token?: string | null;
  signal?: AbortSignal;
  /** What to ask for instead of JSON (the assistant's server-sent events). */
  accept?: string;
}

export interface Page<T> {
  items: T[];
  /** The `max_id` for the next (older) page, from the Link header; null at the end. */
  next: string | null;
}

function buildUrl(path: string, query?: RequestOptions["query"]): string {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? "application/json" };
  const token = options.token === undefined ? accessToken : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body,
      signal: options.signal ?? null,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as {
      error?: string;
      error_description?: string;
    } | null;
    if (res.status === 401 && token && token === accessToken) onUnauthorized?.();
    throw new ApiError(res.status, plainError(res.status, data?.error_description ?? data?.error));
  }
  return res;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The raw response, for bodies read as a stream (server-sent events); errors as in `api`. */
export function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  return send(path, options);
}

/** A page of a list endpoint, with the cursor of the next page read from the Link header. */
export async function apiPage<T>(path: string, options: RequestOptions = {}): Promise<Page<T>> {
  const res = await send(path, options);
  const items = (await res.json()) as T[];
  const link = res.headers.get("link") ?? "";
  const nextUrl = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
  const next = nextUrl ? new URL(nextUrl, window.location.origin).searchParams.get("max_id") : null;
  // A short page is the last one: no need to ask for an empty page to learn that.
  const limit = Number(options.query?.limit ?? 0);
  const last = items.length === 0 || (limit > 0 && items.length < limit);
  return { items, next: last ? null : next };
}

/** An upload with progress (fetch has none for request bodies). */
export function uploadWithProgress<T>(path: string, form: FormData, onProgress: (fraction: number) => void) {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    if (accessToken) xhr.setRequestHeader("Authorization", `Bearer ${accessToken}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "Can't reach the server. Check your connection and try again."));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below by status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else
        reject(new ApiError(xhr.status, plainError(xhr.status, (data as { error?: string } | null)?.error)));
    };
    xhr.send(form);
  });
}
