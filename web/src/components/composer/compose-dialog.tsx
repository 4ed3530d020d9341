// The composer as a dialog: a new post ("n"), a reply, or an edit.
import { closeComposer, useComposeRequest } from "../../hooks/compose-modal.ts";
import { Modal } from "../modal.tsx";
import { Composer } from "./composer.tsx";

export function ComposeDialog() {
  const request = useComposeRequest();
  if (!request) return null;
  const title = request.remix
    ? `Remix @${request.remix.acct}'s image`
    : request.edit
      ? "Edit post"
      : request.replyTo
        ? `Reply to @${request.replyTo.account.acct}`
        : "New post";
  return (
    <Modal title={title} onClose={closeComposer} className="compose-modal">
      <Composer
        replyTo={request.replyTo}
        edit={request.edit}
        remix={request.remix}
        attach={request.attach}
        autoFocus={!request.remix}
        onDone={closeComposer}
      />
    </Modal>
  );
}
