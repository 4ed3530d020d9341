// One post as people see it in a feed: who, when, what (behind its content warning if any),
// images, the AI label, and the actions. Clicking the card (not a link or button) opens the thread.
import { type KeyboardEvent, type MouseEvent, useState } from "react";
import type { Status } from "../api/types.ts";
import { Link, navigate } from "../router.tsx";
import { RemixOf } from "./ai/remix.tsx";
import { AiLabel } from "./ai-label.tsx";
import { Avatar, displayName } from "./avatar.tsx";
import { EditedBadge } from "./edit-history.tsx";
import { Icon } from "./icons.tsx";
import { MediaGrid } from "./media-grid.tsx";
import { RelativeTime } from "./relative-time.tsx";
import { RenderedHtml } from "./rendered-html.tsx";
import { StatusActions } from "./status-actions.tsx";

export const threadPath = (status: Status) => `/@${status.account.acct}/${status.id}`;

const VISIBILITY_LABEL = {
  public: "",
  unlisted: "Unlisted",
  private: "Followers only",
  direct: "Mentioned people only",
};

function isInteractive(target: EventTarget | null): boolean {
  return Boolean((target as Element | null)?.closest?.("a, button, input, textarea, select, dialog, label"));
}

export function StatusCard({ status: wrapper, focused = false }: { status: Status; focused?: boolean }) {
  const status = wrapper.reblog ?? wrapper;
  const [showContent, setShowContent] = useState(!status.spoiler_text);
  const author = status.account;
  const open = () => navigate(threadPath(status));
  const onClick = (event: MouseEvent) => {
    if (isInteractive(event.target) || window.getSelection()?.toString()) return;
    open();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Enter" && event.target === event.currentTarget) open();
  };
  return (
    <article
      className={`status${focused ? " status-focused" : ""}`}
      tabIndex={-1}
      data-status-id={status.id}
      aria-label={`Post by ${displayName(author)}`}
      onClick={onClick}
      onKeyDown={onKeyDown}
    >
      {wrapper.reblog ? (
        <p className="status-prepend">
          <Icon name="boost" size={16} />{" "}
          <Link href={`/@${wrapper.account.acct}`}>{displayName(wrapper.account)}</Link> boosted
        </p>
      ) : null}
      <div className="status-body">
        <Link href={`/@${author.acct}`} className="status-avatar" tabIndex={-1} aria-hidden="true">
          <Avatar account={author} />
        </Link>
        <div className="status-main">
          <header className="status-header">
            <Link href={`/@${author.acct}`} className="status-author">
              <bdi className="display-name">{displayName(author)}</bdi>{" "}
              <span className="acct">@{author.acct}</span>
            </Link>
            <span className="status-meta">
              {VISIBILITY_LABEL[status.visibility] ? (
                <span className="visibility">{VISIBILITY_LABEL[status.visibility]} · </span>
              ) : null}
              <Link href={threadPath(status)} className="status-time">
                <RelativeTime iso={status.created_at} />
              </Link>
              {status.edited_at ? <EditedBadge status={status} /> : null}
            </span>
          </header>
          {status.in_reply_to_id && status.mentions[0] ? (
            <p className="status-replying">
              Replying to <Link href={`/@${status.mentions[0].acct}`}>@{status.mentions[0].acct}</Link>
            </p>
          ) : null}
          {status.spoiler_text ? (
            <div className="spoiler">
              <p className="spoiler-text">{status.spoiler_text}</p>
              <button
                type="button"
                className="chip"
                aria-expanded={showContent}
                onClick={() => setShowContent(!showContent)}
              >
                {showContent ? "Show less" : "Show more"}
              </button>
            </div>
          ) : null}
          {showContent ? (
            <>
              <RenderedHtml html={status.content} className="status-content" lang={status.language} />
              <MediaGrid media={status.media_attachments} sensitive={status.sensitive} />
            </>
          ) : null}
          <RemixOf status={status} />
          <AiLabel status={status} />
          <StatusActions status={status} />
        </div>
      </div>
    </article>
  );
}
