// The MCP project's reference server ("everything", from npm) as a real third-party app for tests:
// its entry point, to run over stdio, and a helper that runs it over Streamable HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "./server.ts";

export const EVERYTHING_SERVER = fileURLToPath(
  new URL("../../node_modules/@modelcontextprotocol/server-everything/dist/index.js", import.meta.url),
);

/** The everything server on Streamable HTTP at a free loopback port; resolves once it listens. */
export async function startEverythingHttp(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING_SERVER, "streamableHttp"], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening on port ${port}`)) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server-everything exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/mcp`, child };
}
