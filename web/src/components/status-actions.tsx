// Reply, boost, favourite, bookmark: the count and state change at once (optimistic) and roll
// back, with a message, if the server says no.
import { useEffect, useState } from "react";
import { publishStatus, type Toggle, toggleStatus } from "../api/statuses.ts";
import type { Status } from "../api/types.ts";
import { openComposer } from "../hooks/compose-modal.ts";
import { useSession } from "../hooks/session.tsx";
import { toast } from "../hooks/toasts.tsx";
import { navigate } from "../router.tsx";
import { Icon } from "./icons.tsx";
import { StatusMenu } from "./status-menu.tsx";

const FIELDS = {
  favourite: {
    flag: "favourited",
    count: "favourites_count",
    on: "Unfavourite",
    off: "Favourite",
    icon: "favourite",
  },
  reblog: { flag: "reblogged", count: "reblogs_count", on: "Undo boost", off: "Boost", icon: "boost" },
  bookmark: { flag: "bookmarked", count: null, on: "Remove bookmark", off: "Bookmark", icon: "bookmark" },
} as const;

function withToggle(status: Status, action: Toggle, on: boolean): Status {
  const field = FIELDS[action];
  const next = { ...status, [field.flag]: on };
  if (field.count) next[field.count] = Math.max(0, status[field.count] + (on ? 1 : -1));
  return next;
}

export function StatusActions({ status }: { status: Status }) {
  const { me } = useSession();
  const [view, setView] = useState(status);
  useEffect(() => setView(status), [status]);

  const toggle = async (action: Toggle) => {
    if (!me) {
      navigate("/signin");
      return;
    }
    const on = !view[FIELDS[action].flag];
    const before = view;
    setView(withToggle(view, action, on));
    try {
      const fresh = await toggleStatus(view.id, action, on);
      // A reblog answers with the wrapper; the post itself is inside it.
      const updated = action === "reblog" && on && fresh.reblog ? fresh.reblog : fresh;
      publishStatus({ ...updated, [FIELDS[action].flag]: on });
    } catch (err) {
      setView(before);
      toast(
        `Couldn't ${FIELDS[action][on ? "off" : "on"].toLowerCase()}: ${(err as Error).message}`,
        "error",
      );
    }
  };

  const canBoost = view.visibility === "public" || view.visibility === "unlisted";
  return (
    <div className="status-actions">
      <button
        type="button"
        className="action"
        onClick={() => (me ? openComposer({ replyTo: view }) : navigate("/signin"))}
      >
        <Icon name="reply" />
        <span className="visually-hidden">Reply</span>{" "}
        <span className="count">{view.replies_count || ""}</span>
      </button>
      {(["reblog", "favourite", "bookmark"] as const).map((action) => {
        const field = FIELDS[action];
        const active = Boolean(view[field.flag]);
        const count = field.count ? view[field.count] : null;
        return (
          <button
            key={action}
            type="button"
            className={`action action-${action}${active ? " active" : ""}`}
            aria-pressed={active}
            disabled={action === "reblog" && !canBoost}
            onClick={() => toggle(action)}
          >
            <Icon name={field.icon} />
            <span className="visually-hidden">{field.off}</span> <span className="count">{count || ""}</span>
          </button>
        );
      })}
      <StatusMenu status={view} />
    </div>
  );
}
