// Who is on the other end of a stream. Like Mastodon (4.2+), every stream needs a user's token,
// given as a Bearer header, an `access_token` query parameter or (browsers' WebSocket can't set
// headers) the Sec-WebSocket-Protocol header.
import { authenticateToken } from "../auth/oauth.ts";
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

export async function authenticateStream(db: Executor, token: string | null): Promise<StreamViewer> {
  if (!token) throw new StreamError(401, "Missing access token");
  const auth = await authenticateToken(db, token);
  if (!auth || auth.accountId === null) throw new StreamError(401, "Invalid access token");
  return { accountId: auth.accountId, scopes: auth.scopes };
}
