// The commands of the visibility property test and the fast-check arbitrary that generates them;
// visibility-execute.ts runs them against the server and the model.
import fc from "fast-check";
import { VISIBILITIES, type Visibility } from "./visibility-model.ts";

export const USERS_PER_SEQUENCE = 4;

/** A status reference: the n-th status of the sequence (modulo), or the n-th of the actor's own. */
export interface StatusRef {
  n: number;
  own: boolean;
}

export type Command =
  | { op: "post"; by: number; visibility: Visibility; mention: number[]; reply: StatusRef | null }
  | { op: "edit"; by: number; status: StatusRef; mention: number[] }
  | { op: "reblog"; by: number; status: StatusRef; visibility: "public" | "unlisted" | "private" }
  | { op: "unreblog" | "delete" | "favourite" | "bookmark"; by: number; status: StatusRef }
  | { op: "follow"; by: number; target: number; notify: boolean }
  | {
      op: "unfollow" | "block" | "unblock" | "mute" | "unmute" | "authorize" | "reject";
      by: number;
      target: number;
    }
  | { op: "lock"; by: number; locked: boolean }
  | { op: "suspend" | "unsuspend"; target: number };

const user = fc.nat({ max: USERS_PER_SEQUENCE - 1 });
/** Someone other than `by`: relationships with oneself are refused and not what this test is about. */
const other = fc.nat({ max: USERS_PER_SEQUENCE - 2 });
const ref = fc.record({ n: fc.nat({ max: 1000 }), own: fc.boolean() });
const mention = fc.uniqueArray(user, { maxLength: 2 });

const withTarget = <Op extends string>(op: Op) =>
  fc.tuple(user, other).map(([by, t]) => ({ op, by, target: (by + 1 + t) % USERS_PER_SEQUENCE }) as const);

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 24,
    arbitrary: fc.record({
      op: fc.constant("post" as const),
      by: user,
      visibility: fc.constantFrom(...VISIBILITIES),
      mention,
      reply: fc.option(ref, { freq: 2 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("edit" as const), by: user, status: ref, mention }) },
  {
    weight: 9,
    arbitrary: fc.record({
      op: fc.constant("reblog" as const),
      by: user,
      status: ref,
      visibility: fc.constantFrom("public" as const, "unlisted" as const, "private" as const),
    }),
  },
  ...(["unreblog", "delete", "favourite", "bookmark"] as const).map((op) => ({
    weight: op === "unreblog" ? 3 : 6,
    arbitrary: fc.record({ op: fc.constant(op), by: user, status: ref }),
  })),
  {
    weight: 18,
    arbitrary: fc.tuple(withTarget("follow" as const), fc.boolean()).map(([c, notify]) => ({ ...c, notify })),
  },
  ...(["unfollow", "block", "unblock", "mute", "unmute", "authorize", "reject"] as const).map((op) => ({
    weight: op === "authorize" ? 9 : op === "reject" ? 2 : 3,
    arbitrary: withTarget(op),
  })),
  { weight: 3, arbitrary: fc.record({ op: fc.constant("lock" as const), by: user, locked: fc.boolean() }) },
  // Rare: a suspended user is out for the rest of the run (their tokens are revoked for good).
  ...(["suspend", "unsuspend"] as const).map((op) => ({
    weight: op === "suspend" ? 1 : 2,
    arbitrary: fc.record({ op: fc.constant(op), target: user }),
  })),
);
