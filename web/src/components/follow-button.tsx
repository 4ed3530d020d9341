// Follow / Following / Requested / Unblock, from the relationship, with an optimistic change.
import { useEffect, useState } from "react";
import { accountAction, relationship as fetchRelationship } from "../api/accounts.ts";
import type { Account, Relationship } from "../api/types.ts";
import { useSession } from "../hooks/session.tsx";
import { toast } from "../hooks/toasts.tsx";

export function FollowButton({ account }: { account: Account }) {
  const { me } = useSession();
  const [rel, setRel] = useState<Relationship | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!me || me.id === account.id) return;
    fetchRelationship(account.id)
      .then(setRel)
      .catch(() => setRel(null));
  }, [me, account.id]);
  if (!me || me.id === account.id || !rel) return null;

  const act = async (action: "follow" | "unfollow" | "unblock", optimistic: Partial<Relationship>) => {
    const before = rel;
    setRel({ ...rel, ...optimistic });
    setBusy(true);
    try {
      setRel(await accountAction(account.id, action));
    } catch (err) {
      setRel(before);
      toast(`Couldn't ${action}: ${(err as Error).message}`, "error");
    } finally {
      setBusy(false);
    }
  };

  if (rel.blocking) {
    return (
      <button type="button" disabled={busy} onClick={() => act("unblock", { blocking: false })}>
        Unblock
      </button>
    );
  }
  if (rel.following || rel.requested) {
    return (
      <button
        type="button"
        className="following"
        disabled={busy}
        aria-label={`${rel.requested ? "Cancel follow request" : "Unfollow"} @${account.acct}`}
        onClick={() => act("unfollow", { following: false, requested: false })}
      >
        <span className="when-idle">{rel.requested ? "Requested" : "Following"}</span>
        <span className="when-hover">{rel.requested ? "Cancel" : "Unfollow"}</span>
      </button>
    );
  }
  return (
    <button
      type="button"
      className="primary"
      disabled={busy}
      onClick={() => act("follow", account.locked ? { requested: true } : { following: true })}
    >
      {rel.followed_by ? "Follow back" : "Follow"}
    </button>
  );
}
