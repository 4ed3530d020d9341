// Time-sortable 64-bit ids, like Mastodon's Snowflake ids: milliseconds since the epoch in the high
// bits and a per-process sequence plus random salt in the low 16, so ids sort by creation time and
// `max_id`/`since_id` pagination works on them. Serialized as decimal strings in the API.
let lastMs = 0;
let sequence = 0;

export function newId(now: number = Date.now()): bigint {
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xffff;
    if (sequence === 0) lastMs += 1; // borrow the next millisecond rather than repeat an id
    now = lastMs;
  } else {
    lastMs = now;
    sequence = Math.floor(Math.random() * 0x400); // salt so two processes rarely collide
  }
  return (BigInt(now) << 16n) | BigInt(sequence);
}

/** The smallest id that could have been made at `ms`, for turning a time into a pagination bound. */
export function idAtTime(ms: number): bigint {
  return BigInt(ms) << 16n;
}

export function timeOfId(id: bigint): Date {
  return new Date(Number(id >> 16n));
}
