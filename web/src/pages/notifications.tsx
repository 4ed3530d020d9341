// Notifications, live from the user stream, with likes and boosts of the same post grouped
// ("Ana and 2 others favourited your post") and a filter for mentions.
import { useEffect, useState } from "react";
import { apiPage } from "../api/client.ts";
import type { Notification, NotificationType } from "../api/types.ts";
import { Avatar, displayName } from "../components/avatar.tsx";
import { FollowRequestAnswer } from "../components/follow-request-answer.tsx";
import { Icon, type IconName } from "../components/icons.tsx";
import { RelativeTime } from "../components/relative-time.tsx";
import { RenderedHtml } from "../components/rendered-html.tsx";
import { StatusCard, threadPath } from "../components/status-card.tsx";
import { ListFooter, NewItemsPill } from "../components/status-list.tsx";
import { usePagedList } from "../hooks/paged-list.ts";
import { useSession } from "../hooks/session.tsx";
import { Link } from "../router.tsx";

const VERBS: Record<NotificationType, string> = {
  mention: "mentioned you",
  status: "posted",
  reblog: "boosted your post",
  follow: "followed you",
  follow_request: "asked to follow you",
  favourite: "favourited your post",
  update: "edited a post you interacted with",
  remix: "remixed your image",
  "admin.report": "filed a report",
};
const ICONS: Partial<Record<NotificationType, IconName>> = {
  reblog: "boost",
  favourite: "favourite",
  follow: "follow",
  follow_request: "follow",
  remix: "sparkle",
  update: "pen",
  status: "bell",
};
const GROUPABLE = new Set<NotificationType>(["favourite", "reblog", "follow"]);

interface Group {
  key: string;
  type: NotificationType;
  items: Notification[];
}

function group(list: Notification[]): Group[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  for (const n of list) {
    const key = GROUPABLE.has(n.type) ? `${n.type}:${n.status?.id ?? ""}` : n.id;
    const existing = byKey.get(key);
    if (existing) existing.items.push(n);
    else {
      const g = { key, type: n.type, items: [n] };
      byKey.set(key, g);
      groups.push(g);
    }
  }
  return groups;
}

function GroupRow({ g }: { g: Group }) {
  const first = g.items[0]!;
  if (g.type === "mention" && first.status) {
    return <StatusCard status={first.status} />;
  }
  const others = g.items.length - 1;
  const names = (
    <>
      <Link href={`/@${first.account.acct}`}>
        <bdi>{displayName(first.account)}</bdi>
      </Link>
      {others > 0 ? ` and ${others} other${others === 1 ? "" : "s"}` : ""}
    </>
  );
  return (
    <article
      className={`notification notification-${g.type}`}
      aria-label={`${displayName(first.account)} ${VERBS[g.type]}`}
    >
      <span className="notification-icon">
        <Icon name={ICONS[g.type] ?? "bell"} size={24} />
      </span>
      <div className="notification-main">
        <div className="notification-avatars">
          {g.items.slice(0, 6).map((n) => (
            <Avatar key={n.id} account={n.account} size={28} />
          ))}
        </div>
        <p>
          {names} {VERBS[g.type]} · <RelativeTime iso={first.created_at} />
        </p>
        {g.type === "follow_request" ? <FollowRequestAnswer account={first.account} /> : null}
        {first.status ? (
          <Link href={threadPath(first.status)} className="notification-status">
            <RenderedHtml html={first.status.content} />
          </Link>
        ) : null}
      </div>
    </article>
  );
}

export default function NotificationsPage() {
  const { stream } = useSession();
  const [filter, setFilter] = useState<"all" | "mentions">("all");
  const list = usePagedList<Notification>(
    (maxId) =>
      apiPage<Notification>("/api/v1/notifications", {
        query: { max_id: maxId, limit: 30, ...(filter === "mentions" ? { "types[]": "mention" } : {}) },
      }),
    filter,
  );
  const { receive } = list;
  useEffect(() => {
    if (!stream) return;
    const unsubscribe = stream.subscribe({ stream: "user" });
    const unlisten = stream.listen((event) => {
      if (event.event !== "notification") return;
      const n = event.payload as Notification;
      if (filter === "mentions" && n.type !== "mention") return;
      receive(n, true);
    });
    return () => {
      unlisten();
      unsubscribe();
    };
  }, [stream, receive, filter]);

  return (
    <div className="page">
      <h1>Notifications</h1>
      <div className="tabs" role="tablist" aria-label="Filter notifications">
        {(["all", "mentions"] as const).map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            className="tab"
            onClick={() => setFilter(f)}
          >
            {f === "all" ? "All" : "Mentions"}
          </button>
        ))}
      </div>
      <NewItemsPill count={list.pending.length} noun="notification" onShow={list.reveal} />
      <section aria-label="Notifications" aria-live="polite">
        {group(list.items).map((g) => (
          <GroupRow key={g.key} g={g} />
        ))}
        {!list.loading && !list.error && !list.items.length ? (
          <p className="empty">No notifications yet. When people follow you or reply, you'll see it here.</p>
        ) : null}
      </section>
      <ListFooter list={list} label="notifications" />
    </div>
  );
}
