// The labelled set for `npm run bench -- retrieval`: a generated corpus of a few thousand posts and
// questions whose relevant posts are known, made deterministically from a seed (same seed, same
// corpus, same questions).
//
// Each question is about one "fact": two or three word families (bake/baking/baker…) and, for
// some, a proper name. The fact's posts say it in varied forms inside natural-ish sentences; the
// question picks its own forms (often not the posts'), sometimes with a typo, wrapped in the
// phrasing people use with an assistant ("what are people saying about…"). Distractor posts reuse
// the same families and names — never all of one fact's families together — so a retriever must
// match the combination, not a single word.

/** A word family: forms a person might use for one idea. */
const FAMILIES: string[][] = [
  ["bake", "baking", "baked", "baker", "bakers"],
  ["sourdough", "sourdoughs"],
  ["ferment", "fermentation", "fermented", "fermenting"],
  ["photograph", "photography", "photographer", "photographing", "photographs"],
  ["paint", "painting", "painted", "painter", "paintings"],
  ["garden", "gardening", "gardener", "gardens"],
  ["climb", "climbing", "climber", "climbed"],
  ["knit", "knitting", "knitted", "knitter"],
  ["compose", "composer", "composition", "composing"],
  ["cycle", "cycling", "cyclist", "cyclists"],
  ["astronomy", "astronomer", "astronomers", "astronomical"],
  ["telescope", "telescopes"],
  ["harvest", "harvesting", "harvested"],
  ["sketch", "sketching", "sketches", "sketchbook"],
  ["brew", "brewing", "brewed", "brewery"],
  ["debug", "debugging", "debugger"],
  ["deploy", "deployment", "deploying", "deployed"],
  ["migrate", "migration", "migrating", "migrations"],
  ["sail", "sailing", "sailor", "sailboat"],
  ["pottery", "potter", "potters"],
  ["glaze", "glazing", "glazed", "glazes"],
  ["orchestra", "orchestral", "orchestras"],
  ["rehearse", "rehearsal", "rehearsing", "rehearsals"],
  ["volunteer", "volunteering", "volunteers", "volunteered"],
  ["festival", "festivals"],
  ["marathon", "marathons"],
  ["train", "training", "trained", "trainer"],
  ["embroider", "embroidery", "embroidered"],
  ["illustrate", "illustration", "illustrator", "illustrations"],
  ["animate", "animation", "animator", "animated"],
  ["print", "printing", "printmaking", "prints"],
  ["exhibit", "exhibition", "exhibiting", "exhibitions"],
  ["mural", "murals", "muralist"],
  ["pollinate", "pollinator", "pollinators", "pollination"],
  ["compost", "composting", "composted"],
  ["bird", "birding", "birdwatching", "birds"],
  ["hike", "hiking", "hiker", "hikes"],
  ["camp", "camping", "camper", "campsite"],
  ["translate", "translation", "translator", "translating"],
  ["library", "libraries", "librarian"],
  ["vaccinate", "vaccination", "vaccine", "vaccines"],
  ["recycle", "recycling", "recycled"],
  ["repair", "repairing", "repaired", "repairs"],
  ["solder", "soldering", "soldered"],
  ["weave", "weaving", "weaver", "woven"],
  ["roast", "roasting", "roasted", "roaster"],
  ["forage", "foraging", "forager", "foraged"],
  ["skate", "skating", "skater", "skateboard"],
];

const NAMES = [
  "Kestrel Bay",
  "Lisbon",
  "Marrowgate",
  "Oakhollow",
  "Vellamo",
  "Quillon",
  "Brightwater",
  "Tamsin Hale",
  "Saltmarsh",
  "Norrland",
  "Ember Street",
  "Corvid Hall",
  "Pellucid",
  "Ashgrove",
  "Halcyon Park",
  "Wrenfield",
  "Juniper Lane",
  "Osterby",
  "Calloway",
  "Mirefell",
];

const FILLER = (
  "today yesterday this week finally again morning evening weekend friends little big new old " +
  "honestly really quite lovely tired happy great strange quiet busy slow early late"
).split(" ");

const POST_TEMPLATES = [
  "Spent the {time} {a} and then {b}. {filler}!",
  "{filler} thoughts on {a}: the {b} part is harder than it looks.",
  "Anyone else {a} this {time}? My {b} went {adj}.",
  "Notes from {name}: {a}, {b} and a lot of coffee.",
  "{a} update — {b} is {adj} {time}, {filler} proud.",
  "Trying {b} after years of {a}. {filler} {adj}.",
  "Small win: {a} with {b} at {name}.",
  "Is it just me or is {a} {adj} lately? {b} helps.",
];

const QUESTION_TEMPLATES = [
  "What are people saying about {a} and {b}?",
  "Any posts about {a} {b}?",
  "Who has been talking about {b} and {a} lately?",
  "{a} {b}",
  "What's new with {a} and {b} at {name}?",
  "Tell me what people think of {b} {a}",
  "Has anyone posted about {a} or {b} recently?",
];

const ADJECTIVES = "wonderful terrible messy perfect tricky slow surprising calm wild".split(" ");

/** mulberry32: a small, fast, seedable PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusPost {
  /** Index of the fact it is about, or -1 for a distractor. */
  fact: number;
  author: number;
  text: string;
  /** Days before the reference time. */
  ageDays: number;
  favourites: number;
}

export interface LabelledQuestion {
  question: string;
  /** Indexes (into `posts`) of the relevant posts. */
  relevant: number[];
}

export interface Corpus {
  posts: CorpusPost[];
  questions: LabelledQuestion[];
  authors: number;
}

export interface CorpusOptions {
  seed?: number;
  facts?: number;
  postsPerFact?: number;
  distractors?: number;
  authors?: number;
}

/** A plausible typo: two neighbouring letters swapped, or one dropped. */
function typo(word: string, rand: () => number): string {
  if (word.length < 6) return word;
  const i = 1 + Math.floor(rand() * (word.length - 3));
  return rand() < 0.5
    ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    : word.slice(0, i) + word.slice(i + 1);
}

export function generateCorpus(options: CorpusOptions = {}): Corpus {
  const rand = random(options.seed ?? 20261129);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const factCount = options.facts ?? 60;
  const perFact = options.postsPerFact ?? 6;
  const distractorCount = options.distractors ?? 2640;
  const authors = options.authors ?? 50;

  // Facts: distinct pairs of families, half of them with a name.
  const facts: { families: number[]; name: string | null }[] = [];
  const usedPairs = new Set<string>();
  while (facts.length < factCount) {
    const a = Math.floor(rand() * FAMILIES.length);
    const b = Math.floor(rand() * FAMILIES.length);
    const key = [a, b].sort((x, y) => x - y).join("+");
    if (a === b || usedPairs.has(key)) continue;
    usedPairs.add(key);
    facts.push({ families: [a, b], name: rand() < 0.5 ? pick(NAMES) : null });
  }

  const fill = (template: string, a: string, b: string, name: string | null) =>
    template
      .replace("{a}", a)
      .replace("{b}", b)
      .replace("{name}", name ?? pick(NAMES))
      .replace("{time}", pick(["morning", "evening", "weekend", "week"]))
      .replace("{adj}", pick(ADJECTIVES))
      .replace("{filler}", pick(FILLER))
      .replace(/^./, (c) => c.toUpperCase());

  const posts: CorpusPost[] = [];
  const post = (fact: number, text: string) =>
    posts.push({
      fact,
      author: Math.floor(rand() * authors),
      text,
      ageDays: rand() * 30,
      favourites: Math.floor(rand() ** 3 * 40),
    });
  facts.forEach((fact, index) => {
    for (let i = 0; i < perFact; i++) {
      const [a, b] = fact.families.map((f) => pick(FAMILIES[f]!)) as [string, string];
      const template =
        fact.name && rand() < 0.6 ? "Notes from {name}: {a}, {b} and a lot of coffee." : pick(POST_TEMPLATES);
      post(index, fill(template, a, b, fact.name));
    }
  });
  for (let i = 0; i < distractorCount; i++) {
    // Two families that are not any fact's pair: they share words with facts, never a whole fact.
    let a: number;
    let b: number;
    do {
      a = Math.floor(rand() * FAMILIES.length);
      b = Math.floor(rand() * FAMILIES.length);
    } while (a === b || usedPairs.has([a, b].sort((x, y) => x - y).join("+")));
    post(-1, fill(pick(POST_TEMPLATES), pick(FAMILIES[a]!), pick(FAMILIES[b]!), null));
  }
  // Shuffle so ids say nothing about relevance.
  for (let i = posts.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [posts[i], posts[j]] = [posts[j]!, posts[i]!];
  }

  const questions: LabelledQuestion[] = facts.map((fact, index) => {
    let [a, b] = fact.families.map((f) => pick(FAMILIES[f]!)) as [string, string];
    if (rand() < 0.25) a = typo(a, rand);
    const templates = fact.name
      ? QUESTION_TEMPLATES
      : QUESTION_TEMPLATES.filter((t) => !t.includes("{name}"));
    return {
      question: fill(pick(templates), a, b, fact.name),
      relevant: posts.flatMap((p, i) => (p.fact === index ? [i] : [])),
    };
  });
  return { posts, questions, authors };
}

/** recall@k of one ranking: the share of the relevant items found in its first k. */
export function recallAt(k: number, ranked: readonly number[], relevant: readonly number[]): number {
  if (!relevant.length) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((r) => top.has(r)).length / relevant.length;
}
