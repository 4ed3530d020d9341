// Requests started before React renders (the first page of the home feed, who is signed in), so
// a first load waits for one round of requests in parallel rather than one after another.
import { api, apiPage, type Page, setAccessToken } from "./client.ts";

const pending = new Map<string, Promise<unknown>>();

function keep<T>(key: string, request: Promise<T>): void {
  request.catch(() => undefined); // whoever takes it handles the error
  pending.set(key, request);
}

/** Takes a prefetched response (once); later calls make their own request. */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const request = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return request;
}

export const HOME_FEED_KEY = "/api/v1/timelines/home?first";
export const CREDENTIALS_KEY = "/api/v1/accounts/verify_credentials";

export const INSTANCE_KEY = "/api/v2/instance";

export function prefetchFirstLoad(token: string | null, path: string): void {
  keep(INSTANCE_KEY, api(INSTANCE_KEY, { token: null }));
  if (!token) return;
  setAccessToken(token);
  keep(CREDENTIALS_KEY, api(CREDENTIALS_KEY));
  if (path === "/")
    keep<Page<unknown>>(HOME_FEED_KEY, apiPage("/api/v1/timelines/home", { query: { limit: 20 } }));
}
