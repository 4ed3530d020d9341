// Input schemas shared by Atelier's MCP tools. Tool arguments skip the HTTP API's parameter parsing
// (src/api/params.ts), so what it refuses for every route is refused here.
import { z } from "zod";

/** Text the database can store: Postgres text cannot hold NUL characters. */
export const plainText = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !value.includes("\0"), { error: "must not contain NUL characters" });
