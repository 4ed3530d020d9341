import type { Account } from "../api/types.ts";
import { Link } from "../router.tsx";
import { Avatar, displayName } from "./avatar.tsx";
import { FollowButton } from "./follow-button.tsx";

export function AccountRow({ account }: { account: Account }) {
  return (
    <div className="account-row">
      <Avatar account={account} size={44} />
      <Link href={`/@${account.acct}`} className="account-row-name">
        <bdi className="display-name">{displayName(account)}</bdi>
        <span className="acct">@{account.acct}</span>
      </Link>
      <FollowButton account={account} />
    </div>
  );
}
