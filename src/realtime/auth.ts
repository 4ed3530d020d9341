// Who is on the other end of a stream. Like Mastodon (4.2+), every stream needs a user's token,
// given as a Bearer header, an `access_token` query parameter or (browsers' WebSocket can't set
// headers) the Sec-WebSocket-Protocol header.
import { type Authentication, authenticateTokens } from "../auth/oauth.ts";
import type { Executor } from "../db/client.ts";
import { StreamError } from "./streams.ts";

export interface StreamViewer {
  accountId: bigint;
  scopes: string[];
}

export interface TokenSources {
  authorization?: string | null | undefined;
  accessToken?: string | null | undefined;
  /** The Sec-WebSocket-Protocol header: the token is its first entry. */
  protocol?: string | null | undefined;
}

export function streamToken(sources: TokenSources): string | null {
  const bearer = sources.authorization ? /^Bearer\s+(\S+)$/i.exec(sources.authorization)?.[1] : undefined;
  const protocol = sources.protocol?.split(",")[0]?.trim();
  return bearer || sources.accessToken || protocol || null;
}

function viewerOf(auth: Authentication | null | undefined): StreamViewer {
  if (!auth || auth.accountId === null) throw new StreamError(401, "Invalid access token");
  return { accountId: auth.accountId, scopes: auth.scopes };
}

/**
 * Who a stream's token belongs to, for many streams: the checks asked for in one turn of the event loop go to the
 * database as one query. Every WebSocket re-checks its token on the same heartbeat, and a thousand
 * separate lookups at once held the (embedded) database for half a second, delaying posts behind them.
 */
export function batchedStreamAuthentication(db: Executor): (token: string | null) => Promise<StreamViewer> {
  let batch: { tokens: Set<string>; result: Promise<Map<string, Authentication | null>> } | null = null;
  return async (token) => {
    if (!token) throw new StreamError(401, "Missing access token");
    if (!batch) {
      const tokens = new Set<string>();
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        batch = null;
        return authenticateTokens(db, tokens);
      });
      batch = { tokens, result };
    }
    batch.tokens.add(token);
    return viewerOf((await batch.result).get(token));
  };
}
