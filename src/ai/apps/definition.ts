// What an app is: an MCP server reached over Streamable HTTP (a URL) or run as a local program
// speaking stdio (a command). The same shape comes from the AI_APPS configuration and the admin API.
import { z } from "zod";

/** Lowercase letters, digits and single hyphens: the namespace in `name__tool` can't be ambiguous. */
export const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MAX_APP_NAME = 32;

const stringMap = (what: string) =>
  z.record(z.string().min(1).max(200), z.string().max(4000), { error: `must map ${what} names to strings` });

/** HTTP's token characters for a header name, and no line breaks in a value (fetch would throw later). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headerMap = stringMap("header").refine(
  (headers) =>
    Object.entries(headers).every(([name, value]) => HEADER_NAME.test(name) && !/[\r\n\0]/.test(value)),
  { error: "must be valid HTTP header names and single-line values" },
);

export const appDefinitionSchema = z
  .object({
    name: z
      .string({ error: "must be a string" })
      .max(MAX_APP_NAME, { error: `must be at most ${MAX_APP_NAME} characters` })
      .regex(APP_NAME, {
        error: 'must be lowercase letters, digits and single hyphens, such as "notes-app"',
      }),
    title: z.string().max(100).optional(),
    description: z.string().max(1000).optional(),
    url: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .max(2000)
      .optional(),
    headers: headerMap.optional(),
    command: z.string().min(1).max(1000).optional(),
    args: z.array(z.string().max(4000)).max(100).optional(),
    env: stringMap("variable").optional(),
  })
  .strict()
  .refine((app) => (app.url === undefined) !== (app.command === undefined), {
    error: "needs exactly one of url (a Streamable HTTP server) or command (a stdio server)",
  })
  .refine((app) => app.url !== undefined || app.headers === undefined, {
    error: "headers only apply to a url app",
  })
  .refine((app) => app.command !== undefined || (app.args === undefined && app.env === undefined), {
    error: "args and env only apply to a command app",
  });

export type AppDefinitionInput = z.infer<typeof appDefinitionSchema>;

export interface AppDefinition {
  name: string;
  title: string;
  description: string;
  transport:
    | { kind: "http"; url: string; headers: Record<string, string> }
    | {
        kind: "stdio";
        command: string;
        args: string[];
        env: Record<string, string>;
      };
  /** Where it was registered: the AI_APPS configuration (read-only here) or the admin API. */
  source: "config" | "admin";
}

export function toAppDefinition(input: AppDefinitionInput, source: AppDefinition["source"]): AppDefinition {
  return {
    name: input.name,
    title: input.title?.trim() || input.name,
    description: input.description?.trim() ?? "",
    transport:
      input.url !== undefined
        ? { kind: "http", url: input.url, headers: input.headers ?? {} }
        : { kind: "stdio", command: input.command!, args: input.args ?? [], env: input.env ?? {} },
    source,
  };
}

/** The AI_APPS variable: a JSON array of app definitions with unique names. */
export const appListSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON: an array of apps" });
      return z.NEVER;
    }
  })
  .pipe(z.array(appDefinitionSchema, { error: "must be a JSON array of apps" }))
  .refine((apps) => new Set(apps.map((app) => app.name)).size === apps.length, {
    error: "two apps have the same name",
  });
