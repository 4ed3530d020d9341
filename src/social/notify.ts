// Creating notifications, with Mastodon's filters: nobody is notified of their own actions, nor by
// accounts they block or mute (mutes with hide_notifications).
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { queryRows } from "../db/client.ts";
import { newId } from "../db/ids.ts";
import type { NotificationType } from "../db/social-schema.ts";

export interface NewNotification {
  recipients: bigint[];
  fromAccountId: bigint;
  type: NotificationType;
  statusId?: bigint | null;
  reportId?: bigint | null;
}

/** Inserts the notifications that pass the filters; returns (id, recipient) of those created. */
export async function notify(db: Executor, n: NewNotification): Promise<{ id: bigint; accountId: bigint }[]> {
  const recipients = [...new Set(n.recipients)].filter((id) => id !== n.fromAccountId);
  if (!recipients.length) return [];
  const rows = recipients.map((recipient) => sql`(${newId()}::bigint, ${recipient}::bigint)`);
  const created = await queryRows<{ id: string; account_id: string }>(
    db,
    sql`INSERT INTO notifications (id, account_id, from_account_id, type, status_id, report_id)
        SELECT r.id, r.account_id, ${n.fromAccountId}, ${n.type}, ${n.statusId ?? null}, ${n.reportId ?? null}
        FROM (VALUES ${sql.join(rows, sql`, `)}) AS r(id, account_id)
        WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.account_id = r.account_id AND b.target_account_id = ${n.fromAccountId})
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.account_id = r.account_id AND m.target_account_id = ${n.fromAccountId} AND m.hide_notifications)
        ON CONFLICT DO NOTHING
        RETURNING id, account_id`,
  );
  return created.map((row) => ({ id: BigInt(row.id), accountId: BigInt(row.account_id) }));
}
