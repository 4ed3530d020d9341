// The signed-in person (or nobody), the instance document, and the live stream connection, shared
// by every page. The token lives in localStorage so a reload keeps the session.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { revoke } from "../api/auth.ts";
import { api, setAccessToken, setUnauthorizedHandler } from "../api/client.ts";
import { CREDENTIALS_KEY, INSTANCE_KEY, takePrefetched } from "../api/prefetch.ts";
import { StreamingConnection } from "../api/streaming.ts";
import type { Account, Instance } from "../api/types.ts";
import { clearListCache } from "./list-cache.ts";

export const TOKEN_KEY = "atelier.token";

export interface Session {
  token: string | null;
  me: Account | null;
  instance: Instance | null;
  stream: StreamingConnection | null;
  /** Null while the stored token is being checked on load. */
  ready: boolean;
  error: string | null;
  adopt(token: string): Promise<void>;
  signOut(): Promise<void>;
  setMe(account: Account): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const [me, setMe] = useState<Account | null>(null);
  const [instance, setInstance] = useState<Instance | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stream, setStream] = useState<StreamingConnection | null>(null);

  const forget = useCallback(() => {
    clearListCache();
    localStorage.removeItem(TOKEN_KEY);
    setAccessToken(null);
    setToken(null);
    setMe(null);
  }, []);

  useEffect(() => {
    (takePrefetched<Instance>(INSTANCE_KEY) ?? api<Instance>(INSTANCE_KEY))
      .then(setInstance)
      .catch((err: Error) => setError(err.message));
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(forget);
    if (!token) {
      setReady(true);
      return;
    }
    setAccessToken(token);
    let cancelled = false;
    setReady(false);
    (takePrefetched<Account>(CREDENTIALS_KEY) ?? api<Account>(CREDENTIALS_KEY))
      .then((account) => {
        if (!cancelled) setMe(account);
      })
      .catch((err: Error & { status?: number }) => {
        if (cancelled) return;
        if (err.status === 401 || err.status === 403) forget();
        else setError(err.message);
      })
      .finally(() => {
        if (!cancelled) setReady(true);
      });
    return () => {
      cancelled = true;
    };
  }, [token, forget]);

  const signedInId = me?.id;
  useEffect(() => {
    if (!token || !signedInId) return;
    const connection = new StreamingConnection(token);
    setStream(connection);
    return () => {
      connection.close();
      setStream(null);
    };
  }, [token, signedInId]);

  const adopt = useCallback(async (newToken: string) => {
    clearListCache();
    localStorage.setItem(TOKEN_KEY, newToken);
    setAccessToken(newToken);
    setToken(newToken);
  }, []);

  const signOut = useCallback(async () => {
    const current = token;
    forget();
    if (current) await revoke(current).catch(() => undefined);
  }, [token, forget]);

  const value = useMemo<Session>(
    () => ({ token, me, instance, stream, ready, error, adopt, signOut, setMe }),
    [token, me, instance, stream, ready, error, adopt, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
