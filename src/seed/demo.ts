// `atelier seed --demo` (and `npm start` on an empty database): a handful of demo accounts that
// follow each other, post, reply, favourite and reblog — so a newcomer's first look is a living
// feed. Everything goes through the domain services, exactly as if people had used the API.
import { randomBytes } from "node:crypto";
import { countUsers, registerAccount, updateProfile } from "../social/accounts.ts";
import type { SocialContext } from "../social/context.ts";
import { follow } from "../social/relationships.ts";
import { createStatus } from "../social/statuses/create.ts";
import { favourite, reblog } from "../social/statuses/interactions.ts";

interface DemoPerson {
  username: string;
  displayName: string;
  note: string;
  posts: string[];
}

const PEOPLE: DemoPerson[] = [
  {
    username: "ada",
    displayName: "Ada Lindqvist",
    note: "Generative artist. I write small programs that draw large pictures. #GenerativeArt",
    posts: [
      "New series: forty variations on a single seed, each one nudged a little warmer than the last. #GenerativeArt #Colour",
      "Tip: when a palette feels flat, drop one colour a full stop darker than the rest. It gives the eye somewhere to rest.",
    ],
  },
  {
    username: "kenji",
    displayName: "Kenji Mori",
    note: "Street photography and long walks. Tokyo ↔ Lisbon.",
    posts: [
      "Golden hour in Alfama: laundry lines, tram bells, and a cat that refused to leave my frame. #Photography #Lisbon",
      "Shot the whole morning on a 28 mm today. Wider than I like, but it forces you to step closer. #Photography",
    ],
  },
  {
    username: "mira",
    displayName: "Mira Okafor",
    note: "Poet, editor, collector of first lines.",
    posts: [
      "First line of the day: “The city kept its lights on for the ones still walking home.” Who wants to continue it? #WritingPrompt",
      "Editing rule I keep relearning: cut the sentence you are proudest of, then read the paragraph again.",
    ],
  },
  {
    username: "theo",
    displayName: "Theo Laurent",
    note: "Illustrator. Ink, watercolour, and too many sketchbooks. #Illustration",
    posts: [
      "Sketchbook page from the market this morning: onions, gossip, and one very serious dog. #Illustration #Sketchbook",
      "Trying a limited palette week: only indigo and burnt sienna. Day 1 already feels like a conversation. #Colour",
    ],
  },
  {
    username: "sol",
    displayName: "Sol Reyes",
    note: "Sound designer. Making small loops out of city noise.",
    posts: [
      "Recorded the rain on a tin roof and slowed it down 8×. It sounds like a cathedral now. #SoundDesign",
      "Weekend project: a synth patch that follows the colours of a photo. Sunsets are surprisingly minor-key. #GenerativeArt",
    ],
  },
];

/** Seeds the demo network unless the database already has people; returns whether it did. */
export async function seedDemo(ctx: SocialContext): Promise<boolean> {
  if ((await countUsers(ctx.db)) > 0) return false;
  const password = randomBytes(18).toString("base64url"); // demo accounts are not meant to sign in
  const ids = new Map<string, bigint>();
  for (const person of PEOPLE) {
    const { account } = await registerAccount(
      ctx,
      { username: person.username, email: `${person.username}@demo.invalid`, password, agreement: true },
      { demo: true },
    );
    await updateProfile(ctx, account.id, { displayName: person.displayName, note: person.note });
    ids.set(person.username, account.id);
  }
  const id = (username: string) => ids.get(username)!;
  for (const a of PEOPLE) {
    for (const b of PEOPLE) if (a !== b) await follow(ctx, id(a.username), id(b.username));
  }
  const posted = new Map<string, bigint[]>();
  for (const person of PEOPLE) {
    for (const text of person.posts) {
      const status = await createStatus(ctx, { accountId: id(person.username), text, visibility: "public" });
      posted.set(person.username, [...(posted.get(person.username) ?? []), status.id]);
    }
  }
  const first = (username: string) => posted.get(username)![0]!;
  const prompt = first("mira");
  const reply1 = await createStatus(ctx, {
    accountId: id("theo"),
    inReplyToId: prompt,
    text: "@mira “…and the lights kept the pigeons awake, arguing about the moon.”",
  });
  await createStatus(ctx, {
    accountId: id("mira"),
    inReplyToId: reply1.id,
    text: "@theo The pigeons are the best part. Stealing this for the zine.",
  });
  await createStatus(ctx, {
    accountId: id("kenji"),
    inReplyToId: first("ada"),
    text: "@ada Number 31 looks like the sky over the river last night. Is there a print?",
  });
  await favourite(ctx, first("kenji"), id("ada"));
  await favourite(ctx, first("kenji"), id("theo"));
  await favourite(ctx, prompt, id("sol"));
  await favourite(ctx, first("ada"), id("mira"));
  await reblog(ctx, first("theo"), id("ada"));
  await reblog(ctx, first("sol"), id("kenji"));
  return true;
}
