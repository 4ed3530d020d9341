import { Hono } from "hono";
import type { Config } from "../../config.ts";
import type { Executor } from "../../db/client.ts";
import { describeInstance, findAdminAccount } from "../../social/instance.ts";
import { serializeAccount } from "./serializers/account.ts";
import type { SerializeContext } from "./serializers/context.ts";
import { serializeInstanceV1, serializeInstanceV2 } from "./serializers/instance.ts";

// How long the contact account is reused once the server is claimed. Until then every request
// looks again (one small query), so the first sign-up shows at once: a visitor just after it must be
// offered an ordinary account, not the admin one.
const CONTACT_TTL_MS = 60_000;

export interface InstanceContactSource {
  db: Executor;
  serialize: SerializeContext;
}

export function instanceRoutes(config: Config, contactSource?: InstanceContactSource) {
  // The instance document changes only with config (and, rarely, its contact), so it is serialized
  // once and kept.
  const info = describeInstance(config);
  const document = serializeInstanceV2(info);
  let v2 = JSON.stringify(document);
  const v1 = JSON.stringify(serializeInstanceV1(info));
  const json = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" };
  let contactChecked = 0;
  let claimed = false;
  let refreshing: Promise<void> | null = null;

  async function refreshContact(): Promise<void> {
    if (!contactSource) return;
    // The document stays servable (readiness) even if the database is briefly unavailable.
    const admin = await findAdminAccount(contactSource.db).catch(() => undefined);
    if (admin === undefined) return;
    claimed = admin !== null;
    const account = admin ? serializeAccount(admin, contactSource.serialize) : null;
    v2 = JSON.stringify({ ...document, contact: { ...document.contact, account } });
    contactChecked = Date.now();
  }

  return new Hono()
    .get("/api/v2/instance", async (c) => {
      if (contactSource && !claimed) {
        await refreshContact(); // its own look, not one that began before this request
      } else if (contactSource && Date.now() - contactChecked > CONTACT_TTL_MS) {
        refreshing ??= refreshContact().finally(() => {
          refreshing = null;
        });
        await refreshing;
      }
      return c.body(v2, 200, { ...json, ...(claimed ? {} : { "Cache-Control": "no-cache" }) });
    })
    .get("/api/v1/instance", (c) => c.body(v1, 200, json));
}
