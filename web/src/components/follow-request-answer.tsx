// Accept / Decline on a follow request notification (locked accounts).
import { useState } from "react";
import { answerFollowRequest } from "../api/accounts.ts";
import type { Account } from "../api/types.ts";
import { toast } from "../hooks/toasts.tsx";

export function FollowRequestAnswer({ account }: { account: Account }) {
  const [answer, setAnswer] = useState<"accepted" | "declined" | null>(null);
  const [busy, setBusy] = useState(false);
  if (answer) return <p className="muted">{answer === "accepted" ? "Accepted" : "Declined"}</p>;
  const respond = async (accept: boolean) => {
    setBusy(true);
    try {
      await answerFollowRequest(account.id, accept);
      setAnswer(accept ? "accepted" : "declined");
    } catch (err) {
      toast(`Couldn't answer the request: ${(err as Error).message}`, "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="welcome-actions">
      <button type="button" className="primary" disabled={busy} onClick={() => respond(true)}>
        Accept
      </button>
      <button type="button" disabled={busy} onClick={() => respond(false)}>
        Decline
      </button>
    </div>
  );
}
