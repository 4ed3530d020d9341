// The "…" menu of a post: copy link; edit and delete your own; mute, block or report its author.
import { useEffect, useRef, useState } from "react";
import { accountAction } from "../api/accounts.ts";
import { deleteStatus } from "../api/statuses.ts";
import type { Status } from "../api/types.ts";
import { openComposer } from "../hooks/compose-modal.ts";
import { useSession } from "../hooks/session.tsx";
import { toast } from "../hooks/toasts.tsx";
import { navigate } from "../router.tsx";
import { Icon } from "./icons.tsx";
import { ReportDialog } from "./report-dialog.tsx";

interface Item {
  label: string;
  run: () => Promise<void> | void;
  danger?: boolean;
}

export function StatusMenu({ status }: { status: Status }) {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [reporting, setReporting] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const onDown = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const author = status.account;
  const own = me?.id === author.id;
  const items: Item[] = [
    {
      label: "Copy link",
      run: async () => {
        await navigator.clipboard?.writeText(status.url).catch(() => undefined);
        toast("Link copied");
      },
    },
  ];
  if (me)
    items.push({
      label: "Ask the assistant about this",
      run: () => navigate(`/assistant?about=${status.id}`),
    });
  if (own) {
    items.push({ label: "Edit", run: () => openComposer({ edit: status }) });
    items.push({
      label: "Delete",
      danger: true,
      run: async () => {
        if (!window.confirm("Delete this post? This can't be undone.")) return;
        await deleteStatus(status.id);
        toast("Post deleted");
      },
    });
  } else if (me) {
    items.push({
      label: `Mute @${author.acct}`,
      run: async () => {
        await accountAction(author.id, "mute");
        toast(`You won't see posts from @${author.acct} any more`);
      },
    });
    items.push({
      label: `Block @${author.acct}`,
      danger: true,
      run: async () => {
        if (!window.confirm(`Block @${author.acct}? They won't be able to follow you or see your posts.`))
          return;
        await accountAction(author.id, "block");
        toast(`Blocked @${author.acct}`);
      },
    });
    items.push({ label: `Report @${author.acct}`, danger: true, run: () => setReporting(true) });
  }

  const choose = async (item: Item) => {
    setOpen(false);
    button.current?.focus();
    try {
      await item.run();
    } catch (err) {
      toast(`${item.label} failed: ${(err as Error).message}`, "error");
    }
  };

  return (
    <div className="menu-root" ref={root}>
      <button
        ref={button}
        type="button"
        className="action"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="More actions"
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
      </button>
      {open ? (
        <div
          className="menu"
          role="menu"
          tabIndex={-1}
          onKeyDown={(event) => {
            const entries = [...(root.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
            const at = entries.indexOf(document.activeElement as HTMLElement);
            if (event.key === "Escape") {
              setOpen(false);
              button.current?.focus();
            } else if (event.key === "ArrowDown") entries[(at + 1) % entries.length]?.focus();
            else if (event.key === "ArrowUp") entries[(at - 1 + entries.length) % entries.length]?.focus();
            else return;
            event.preventDefault();
            event.stopPropagation();
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={item.danger ? "danger" : undefined}
              onClick={() => choose(item)}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
      {reporting ? <ReportDialog status={status} onClose={() => setReporting(false)} /> : null}
    </div>
  );
}
