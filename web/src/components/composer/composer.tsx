// The composer, inline on Home and in a dialog (new post, reply, edit): counter against the
// instance limit, visibility, content warning, images by picker, drag-and-drop or paste, alt
// text, and a locally kept draft.
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { createStatus, editStatus, getSource } from "../../api/statuses.ts";
import type { MediaAttachment, Status, Visibility } from "../../api/types.ts";
import { useSession } from "../../hooks/session.tsx";
import { toast } from "../../hooks/toasts.tsx";
import { Avatar } from "../avatar.tsx";
import { FormError } from "../form-error.tsx";
import { Icon } from "../icons.tsx";
import { useAiTools } from "./ai-tools.tsx";
import { countCharacters } from "./count.ts";
import type { RemixSource } from "./create-image.tsx";
import { clearDraft, loadDraft, saveDraft } from "./drafts.ts";
import { UploadPreviews } from "./upload-previews.tsx";
import { useUploads } from "./uploads.ts";

const VISIBILITIES: { value: Visibility; label: string }[] = [
  { value: "public", label: "Public" },
  { value: "unlisted", label: "Quiet public" },
  { value: "private", label: "Followers only" },
  { value: "direct", label: "Mentioned people only" },
];
const ORDER: Visibility[] = ["public", "unlisted", "private", "direct"];

function replyPrefix(replyTo: Status | undefined, myId: string | undefined): string {
  if (!replyTo) return "";
  const names = [replyTo.account, ...replyTo.mentions].filter((a) => a.id !== myId).map((a) => `@${a.acct}`);
  return names.length ? `${[...new Set(names)].join(" ")} ` : "";
}

export interface ComposerProps {
  replyTo?: Status | undefined;
  edit?: Status | undefined;
  onDone?: (status: Status) => void;
  autoFocus?: boolean;
  compact?: boolean;
  /** Opened by "Remix": Create image starts from that post's prompt. */
  remix?: RemixSource | undefined;
  /** Images already on the server to start with (a new post only). */
  attach?: MediaAttachment[] | undefined;
}

export function Composer({ replyTo, edit, onDone, autoFocus, compact, remix, attach }: ComposerProps) {
  const { me, instance } = useSession();
  const limits = instance?.configuration;
  const maxChars = limits?.statuses.max_characters ?? 500;
  const draftKey = edit ? null : replyTo ? `reply:${replyTo.id}` : "new";
  const draft = draftKey ? loadDraft(draftKey) : null;
  // A reply is never more visible than the post it answers; new posts start from the preference.
  const preferred = me?.source?.privacy ?? "public";
  const inherited = replyTo
    ? ORDER[Math.max(ORDER.indexOf(replyTo.visibility), ORDER.indexOf(preferred))]!
    : preferred;
  const [text, setText] = useState(draft?.text ?? (edit ? "" : replyPrefix(replyTo, me?.id)));
  const [spoiler, setSpoiler] = useState(draft?.spoiler ?? edit?.spoiler_text ?? replyTo?.spoiler_text ?? "");
  const [showSpoiler, setShowSpoiler] = useState(Boolean(spoiler));
  const [visibility, setVisibility] = useState<Visibility>(
    edit?.visibility ?? draft?.visibility ?? inherited,
  );
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const uploads = useUploads(
    edit?.media_attachments ?? attach ?? [],
    limits?.statuses.max_media_attachments ?? 4,
    limits?.media_attachments.supported_mime_types ?? [],
  );
  const fileInput = useRef<HTMLInputElement>(null);
  const textBox = useRef<HTMLTextAreaElement>(null);

  // Typing continues after the prefilled mentions (or the draft), never before them.
  useEffect(() => {
    const box = textBox.current;
    if (!autoFocus || !box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, [autoFocus]);
  const id = useId();

  // An edit starts from the post's source text, not its rendered HTML.
  useEffect(() => {
    if (!edit) return;
    getSource(edit.id)
      .then((source) => setText(source.text))
      .catch((err: Error) => setError(err.message));
  }, [edit]);

  useEffect(() => {
    if (draftKey) saveDraft(draftKey, { text, spoiler, visibility });
  }, [draftKey, text, spoiler, visibility]);

  const used = countCharacters(text, showSpoiler ? spoiler : "");
  const left = maxChars - used;
  const empty = !text.trim() && !uploads.uploads.some((u) => u.media);
  const canSend = !empty && left >= 0 && !sending && !uploads.busy;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) {
      if (left < 0) setError(`Your post is ${-left} characters too long.`);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const mediaIds = await uploads.finalize();
      const spoilerText = showSpoiler ? spoiler.trim() : "";
      const status = edit
        ? await editStatus(edit.id, { status: text, spoiler_text: spoilerText, media_ids: mediaIds })
        : await createStatus({
            status: text,
            visibility,
            spoiler_text: spoilerText,
            media_ids: mediaIds,
            ...(replyTo ? { in_reply_to_id: replyTo.id } : {}),
          });
      if (draftKey) clearDraft(draftKey);
      setText(edit ? text : "");
      setSpoiler("");
      setShowSpoiler(false);
      if (!edit) uploads.reset();
      toast(edit ? "Post updated" : replyTo ? "Reply sent" : "Posted");
      onDone?.(status);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSending(false);
    }
  };

  const attachments = uploads.uploads.flatMap((u) => (u.media ? [u.media] : []));
  const ai = useAiTools({
    text,
    setText,
    attachments,
    addAttachment: uploads.addAttachment,
    room: (limits?.statuses.max_media_attachments ?? 4) - uploads.uploads.length,
    remix,
    disabled: sending,
  });
  return (
    <form
      className={`composer${dragging ? " dragging" : ""}${compact ? " compact" : ""}`}
      onSubmit={submit}
      aria-label={edit ? "Edit post" : replyTo ? "Write a reply" : "Write a post"}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes("Files")) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        if (!event.dataTransfer.files.length) return;
        event.preventDefault();
        setDragging(false);
        uploads.addFiles([...event.dataTransfer.files]);
      }}
    >
      <div className="composer-row">
        {me ? <Avatar account={me} size={40} /> : null}
        <div className="composer-fields">
          {showSpoiler ? (
            <input
              className="composer-spoiler"
              aria-label="Content warning"
              placeholder="Content warning (shown before the post)"
              value={spoiler}
              onChange={(event) => setSpoiler(event.target.value)}
            />
          ) : null}
          <label htmlFor={`${id}-text`} className="visually-hidden">
            {replyTo ? "Your reply" : "What's new?"}
          </label>
          <textarea
            id={`${id}-text`}
            className="composer-text"
            rows={compact ? 2 : 4}
            value={text}
            placeholder={replyTo ? `Reply to @${replyTo.account.acct}` : "What are you making today?"}
            ref={textBox}
            onChange={(event) => setText(event.target.value)}
            onPaste={(event) => {
              const files = [...event.clipboardData.files];
              if (files.length) {
                event.preventDefault();
                uploads.addFiles(files);
              }
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
            }}
          />
          <UploadPreviews
            uploads={uploads.uploads}
            onRemove={uploads.remove}
            onDescribe={(key, description, aiNote) =>
              // "Describe" already stored its text on the server; a hand edit clears the AI note.
              uploads.patch(
                key,
                aiNote
                  ? { description, savedDescription: description, aiNote }
                  : { description, aiNote: undefined },
              )
            }
            descriptionLimit={limits?.media_attachments.description_limit ?? 1500}
          />
          {uploads.notice ? <p className="field-error">{uploads.notice}</p> : null}
          <FormError message={error} />
        </div>
      </div>
      <div className="composer-toolbar">
        <input
          ref={fileInput}
          type="file"
          accept={(limits?.media_attachments.supported_mime_types ?? ["image/*"]).join(",")}
          multiple
          hidden
          onChange={(event) => {
            uploads.addFiles([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
        <button type="button" className="tool" onClick={() => fileInput.current?.click()}>
          <Icon name="image" />
          <span className="tool-label">Add image</span>
        </button>
        <button
          type="button"
          className={`tool${showSpoiler ? " active" : ""}`}
          aria-pressed={showSpoiler}
          onClick={() => setShowSpoiler(!showSpoiler)}
        >
          CW<span className="visually-hidden"> (content warning)</span>
        </button>
        <select
          className="tool"
          aria-label="Who can see this post"
          value={visibility}
          disabled={Boolean(edit)}
          onChange={(event) => setVisibility(event.target.value as Visibility)}
        >
          {VISIBILITIES.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
        {ai.buttons}
        <span className={`counter${left < 0 ? " over" : left < 20 ? " near" : ""}`} aria-live="polite">
          <span className="visually-hidden">Characters left: </span>
          {left}
        </span>
        <button type="submit" className="primary" disabled={!canSend}>
          {sending ? "Sending…" : edit ? "Save" : replyTo ? "Reply" : "Post"}
        </button>
      </div>
      {ai.panel}
    </form>
  );
}
