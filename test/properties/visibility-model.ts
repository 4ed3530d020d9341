// The reference model of the visibility property test: who follows, blocks and mutes whom, every
// status with its audience, and the oracle `mayView` written from Mastodon's StatusPolicy#show? —
// independently of src/social/visibility.ts, which is what the test checks.

export type Visibility = "public" | "unlisted" | "private" | "direct";
export const VISIBILITIES: readonly Visibility[] = ["public", "unlisted", "private", "direct"];

export interface ModelUser {
  index: number;
  id: string;
  username: string;
  token: string;
  locked: boolean;
  suspended: boolean;
  /** Suspension revokes every token for good: this user never reads anything again in the test. */
  revoked: boolean;
}

export interface ModelStatus {
  id: string;
  author: number;
  visibility: Visibility;
  /** Accounts mentioned now (an edit replaces them). */
  mentions: Set<number>;
  replyTo: string | null;
  replyToAuthor: number | null;
  reblogOf: string | null;
  deleted: boolean;
  /** Users who could see it at some moment since it was posted: a stream may deliver it to them. */
  seenBy: Set<number>;
  /** The sequence (property run) that created it. */
  sequence: number;
}

const pair = (a: number, b: number) => `${a}>${b}`;

export class Model {
  readonly users: ModelUser[] = [];
  readonly statuses = new Map<string, ModelStatus>();
  readonly follows = new Set<string>();
  readonly requests = new Set<string>();
  readonly blocks = new Set<string>();
  readonly mutes = new Set<string>();
  readonly favourites = new Set<string>();
  readonly bookmarks = new Set<string>();

  isFollowing(a: number, b: number) {
    return this.follows.has(pair(a, b));
  }
  hasRequested(a: number, b: number) {
    return this.requests.has(pair(a, b));
  }
  isBlocking(a: number, b: number) {
    return this.blocks.has(pair(a, b));
  }
  isMuting(a: number, b: number) {
    return this.mutes.has(pair(a, b));
  }

  setRelation(set: Set<string>, a: number, b: number, on: boolean) {
    if (on) set.add(pair(a, b));
    else set.delete(pair(a, b));
  }

  /** Mastodon's block: the block itself, and follows and requests both ways are dropped. */
  block(a: number, b: number) {
    this.blocks.add(pair(a, b));
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      this.follows.delete(pair(x, y));
      this.requests.delete(pair(x, y));
    }
  }

  /** Unlocking lets every pending request in. */
  approveAll(target: number) {
    for (const key of [...this.requests]) {
      const [from, to] = key.split(">").map(Number) as [number, number];
      if (to === target) {
        this.requests.delete(key);
        this.follows.add(pair(from, to));
      }
    }
  }

  /** One status row, without looking at what it reblogs. */
  #rowVisible(viewer: number | null, s: ModelStatus): boolean {
    if (s.deleted || this.users[s.author]!.suspended) return false;
    if (viewer === null) return s.visibility === "public" || s.visibility === "unlisted";
    if (s.author === viewer) return true;
    switch (s.visibility) {
      case "public":
      case "unlisted":
        return !this.isBlocking(s.author, viewer);
      case "private":
        return this.isFollowing(viewer, s.author) || s.mentions.has(viewer);
      case "direct":
        return s.mentions.has(viewer);
    }
  }

  /** The oracle: may `viewer` (null: logged out) see `s` anywhere? */
  mayView(viewer: number | null, s: ModelStatus): boolean {
    if (viewer !== null && this.users[viewer]!.revoked) return false;
    if (!this.#rowVisible(viewer, s)) return false;
    if (s.reblogOf === null) return true;
    const original = this.statuses.get(s.reblogOf);
    return original !== undefined && this.#rowVisible(viewer, original);
  }

  /** Lists (timelines, threads, search) also hide authors the viewer blocks or mutes, and reblogs of them. */
  filteredFor(viewer: number | null, s: ModelStatus): boolean {
    if (viewer === null) return false;
    const hides = (author: number) => this.isBlocking(viewer, author) || this.isMuting(viewer, author);
    if (hides(s.author)) return true;
    const original = s.reblogOf ? this.statuses.get(s.reblogOf) : undefined;
    return original !== undefined && hides(original.author);
  }

  /** Records, for every live status, who may see it right now (streams are checked against this). */
  remember(viewers: number[]) {
    for (const s of this.statuses.values()) {
      if (s.deleted) continue;
      for (const v of viewers) if (this.mayView(v, s)) s.seenBy.add(v);
    }
  }

  /** A readable account of why `viewer` may or may not see `s`, for failure messages. */
  explain(viewer: number | null, s: ModelStatus): string {
    const name = (i: number | null) => (i === null ? "anonymous" : `u${i}`);
    const facts = [
      `${name(viewer)} vs status ${s.id} by ${name(s.author)} (${s.visibility}${s.deleted ? ", deleted" : ""})`,
      `mentions [${[...s.mentions].map(name).join(", ")}]`,
      s.reblogOf ? `reblog of ${s.reblogOf}` : "",
      s.replyTo ? `reply to ${s.replyTo}` : "",
      this.users[s.author]!.suspended ? "author suspended" : "",
    ];
    if (viewer !== null) {
      facts.push(
        `follows author: ${this.isFollowing(viewer, s.author)}`,
        `author blocks viewer: ${this.isBlocking(s.author, viewer)}`,
        `viewer blocks/mutes author: ${this.isBlocking(viewer, s.author)}/${this.isMuting(viewer, s.author)}`,
        this.users[viewer]!.revoked ? "viewer suspended (token revoked)" : "",
      );
    }
    if (s.reblogOf) {
      const original = this.statuses.get(s.reblogOf);
      if (original) facts.push(`original: ${this.explain(viewer, original)}`);
    }
    return facts.filter(Boolean).join("; ");
  }
}
