import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";
import { namespacedToolName, parseToolName } from "./tools.ts";

const configWith = (env: Record<string, string>) => loadConfig({ DATA_DIR: "/tmp/atelier-unused", ...env });

describe("apps in the configuration", () => {
  it("reads AI_APPS, AI_APPS_ALLOWED_HOSTS and AI_APPS_ADMIN_STDIO", () => {
    const config = configWith({
      AI_APPS: JSON.stringify([
        { name: "notes", url: "https://mcp.example/mcp", headers: { Authorization: "Bearer x" } },
        {
          name: "memory",
          title: "Memory",
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-memory"],
        },
      ]),
      AI_APPS_ALLOWED_HOSTS: "127.0.0.1, 10.0.0.0/8 ,mcp.internal",
      AI_APPS_ADMIN_STDIO: "on",
    });
    expect(config.aiApps.apps.map((app) => app.name)).toEqual(["notes", "memory"]);
    expect(config.aiApps.allowedHosts).toEqual(["127.0.0.1", "10.0.0.0/8", "mcp.internal"]);
    expect(config.aiApps.adminStdio).toBe(true);
    expect(configWith({}).aiApps).toEqual({ apps: [], allowedHosts: [], adminStdio: false });
  });

  it("names the variable and the problem when an app is malformed", () => {
    const cases: [string, RegExp][] = [
      ["not json", /AI_APPS: must be JSON/],
      ['{"name":"x"}', /AI_APPS.*array/],
      ['[{"name":"Bad Name","url":"https://x.example"}]', /AI_APPS\.0\.name: must be lowercase/],
      ['[{"name":"both","url":"https://x.example","command":"x"}]', /exactly one of url.*or command/],
      ['[{"name":"neither"}]', /exactly one of url.*or command/],
      ['[{"name":"ftp","url":"ftp://x.example"}]', /http:\/\/ or https:\/\//],
      ['[{"name":"a","command":"x"},{"name":"a","command":"y"}]', /same name/],
      ['[{"name":"typo","command":"x","argv":["y"]}]', /argv/],
      ['[{"name":"h","url":"https://x.example","headers":{"Bad Name":"x"}}]', /valid HTTP header names/],
      ['[{"name":"h","url":"https://x.example","headers":{"X-Key":"a\\r\\nHost: y"}}]', /single-line/],
    ];
    for (const [value, message] of cases) {
      expect(() => configWith({ AI_APPS: value }), value).toThrow(ConfigError);
      expect(() => configWith({ AI_APPS: value }), value).toThrow(message);
    }
    expect(() => configWith({ AI_APPS_ALLOWED_HOSTS: "10.0.0.0/40" })).toThrow(/AI_APPS_ALLOWED_HOSTS/);
  });
});

describe("namespaced tool names", () => {
  it("joins app and tool with __ in the characters model APIs accept, and splits them back", () => {
    expect(namespacedToolName("notes", "create_note")).toBe("notes__create_note");
    expect(namespacedToolName("notes", "files/read.v2")).toBe("notes__files_read_v2");
    expect(namespacedToolName("my-app", "x".repeat(100))).toHaveLength(64);
    expect(parseToolName("notes__create_note")).toEqual({ app: "notes", tool: "create_note" });
    expect(parseToolName("my-app__a__b")).toEqual({ app: "my-app", tool: "a__b" });
    expect(parseToolName("notes")).toBeNull();
    expect(parseToolName("__x")).toBeNull();
  });
});
