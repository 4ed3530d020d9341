// The baseline: a bare node:http server that answers each benchmarked request with the exact status,
// content type, content encoding and body bytes Atelier returned for it, so the ratio in bench/run.ts
// compares framework and application overhead on identical payloads. Reads its routes as JSON on
// stdin and prints {"url": …} on stdout once it listens.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";

export interface BareRoute {
  method: string;
  path: string;
  status: number;
  /** Response headers to copy (content-type, content-encoding); content-length is set here. */
  headers: Record<string, string>;
  /** Body bytes, base64. */
  body: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const routes = JSON.parse(await text(process.stdin)) as BareRoute[];
const answers = new Map<string, Answer>();
for (const route of routes) {
  const body = Buffer.from(route.body, "base64");
  answers.set(`${route.method} ${route.path}`, {
    status: route.status,
    headers: { ...route.headers, "content-length": String(body.length) },
    body,
  });
}

const server = http.createServer((req, res) => {
  req.resume();
  const answer = answers.get(`${req.method} ${req.url}`);
  if (!answer) {
    res.writeHead(404, { "content-length": "0" }).end();
    return;
  }
  res.writeHead(answer.status, answer.headers).end(answer.body);
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
