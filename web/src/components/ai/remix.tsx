// Remixing on a post: a "Remix" button on posts with a generated image (public or unlisted, and
// when the author allows it), opening the composer's Create image with the prompt prefilled;
// and the "remix of @author" line on a post that is itself a remix.
import type { Status } from "../../api/types.ts";
import { openComposer } from "../../hooks/compose-modal.ts";
import { useSession } from "../../hooks/session.tsx";
import { Link, navigate } from "../../router.tsx";
import { Icon } from "../icons.tsx";

export function remixable(status: Status, myId: string | undefined): boolean {
  const generated = status.media_attachments.some((m) => m.meta?.generation);
  const open = status.visibility === "public" || status.visibility === "unlisted";
  const allowed = status.account.allow_remix !== false || status.account.id === myId;
  return generated && open && allowed;
}

export function RemixButton({ status }: { status: Status }) {
  const { me } = useSession();
  if (!remixable(status, me?.id)) return null;
  const prompt = status.media_attachments.find((m) => m.meta?.generation)?.meta?.generation?.prompt ?? "";
  return (
    <button
      type="button"
      className="chip"
      onClick={() =>
        me
          ? openComposer({ remix: { statusId: status.id, acct: status.account.acct, prompt } })
          : navigate("/signin")
      }
    >
      <Icon name="boost" size={14} /> Remix
    </button>
  );
}

export function RemixOf({ status }: { status: Status }) {
  const origin = status.remix_of;
  if (!origin) return null;
  return (
    <p className="remix-of">
      <Icon name="sparkle" size={14} /> remix of{" "}
      <Link href={`/@${origin.account.acct}/${origin.id}`}>@{origin.account.acct}</Link>
    </p>
  );
}
