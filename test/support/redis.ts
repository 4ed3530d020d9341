// The local Redis for scale-out tests, on TEST_REDIS_URL or 127.0.0.1:6379; suites skip (with the
// reason printed once) where nothing answers there.
import net from "node:net";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let checked: Promise<boolean> | undefined;

export function redisAvailable(): Promise<boolean> {
  checked ??= new Promise((resolve) => {
    const { hostname, port } = new URL(TEST_REDIS_URL);
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(2000);
    const done = (ok: boolean, reason?: string) => {
      if (!ok) console.warn(`[skip] Redis tests skipped: ${TEST_REDIS_URL} is unreachable (${reason})`);
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("timeout", () => done(false, "timeout"));
    socket.once("error", (err) => done(false, err.message));
  });
  return checked;
}
