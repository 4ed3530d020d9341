import type { Account } from "../api/types.ts";

export function Avatar({ account, size = 44 }: { account: Account; size?: number }) {
  return (
    <img
      className="avatar"
      src={account.avatar}
      alt=""
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
    />
  );
}

/** A display name, falling back to the username, never empty. */
export function displayName(account: Account): string {
  return account.display_name.trim() || account.username;
}
