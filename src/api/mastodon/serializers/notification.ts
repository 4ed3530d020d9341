// The Notification entity. `status` is serialized by the caller (it needs the hydrated view for
// the recipient); this module only assembles the envelope.
import type { Account } from "../../../social/accounts.ts";
import type { NotificationEntry } from "../../../social/notifications.ts";
import { serializeAccount } from "./account.ts";
import type { SerializeContext } from "./context.ts";
import { serializeReport } from "./report.ts";
import type { serializeStatus } from "./status.ts";

type SerializedStatus = ReturnType<typeof serializeStatus>;
type Notification = NotificationEntry["notification"];

const HOUR_SECONDS = 3600;

/**
 * Mastodon's group_key: favourites and reblogs of one status, and follows, group per hour;
 * everything else is `ungrouped-<id>`.
 */
export function notificationGroupKey(notification: Notification): string {
  const hour = Math.floor(notification.createdAt.getTime() / 1000 / HOUR_SECONDS);
  switch (notification.type) {
    case "favourite":
    case "reblog":
      return `${notification.type}-${notification.statusId}-${hour}`;
    case "follow":
      return `follow-${hour}`;
    default:
      return `ungrouped-${notification.id}`;
  }
}

/**
 * `status` is the notification's status already serialized for the recipient (null when it has
 * none); `report` is the report an admin.report notification is about.
 */
export function serializeNotification(
  notification: Notification,
  account: Account,
  status: SerializedStatus | null,
  ctx: SerializeContext,
  report: NotificationEntry["report"] = null,
) {
  return {
    id: String(notification.id),
    type: notification.type,
    group_key: notificationGroupKey(notification),
    created_at: notification.createdAt.toISOString(),
    account: serializeAccount(account, ctx),
    ...(status ? { status } : {}),
    ...(report ? { report: serializeReport(report.report, report.target, ctx) } : {}),
  };
}
