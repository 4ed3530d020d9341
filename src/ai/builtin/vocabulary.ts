// The words the built-in image engine understands: colours set the palette, subjects add motifs,
// moods change light and weather, styles change how everything is drawn. Anything else in a prompt
// still counts: it feeds the hash that picks the composition.

export interface ColourWord {
  hue: number;
  /** Saturation and lightness the word implies (0..100), e.g. navy is dark, pastel pink is light. */
  saturation: number;
  lightness: number;
}

export const COLOURS: Record<string, ColourWord> = {
  red: { hue: 0, saturation: 80, lightness: 48 },
  crimson: { hue: 350, saturation: 78, lightness: 42 },
  scarlet: { hue: 6, saturation: 85, lightness: 48 },
  ruby: { hue: 345, saturation: 75, lightness: 40 },
  orange: { hue: 28, saturation: 90, lightness: 52 },
  amber: { hue: 40, saturation: 90, lightness: 50 },
  gold: { hue: 45, saturation: 85, lightness: 52 },
  golden: { hue: 43, saturation: 85, lightness: 55 },
  yellow: { hue: 54, saturation: 92, lightness: 55 },
  lime: { hue: 88, saturation: 70, lightness: 50 },
  green: { hue: 125, saturation: 55, lightness: 40 },
  emerald: { hue: 150, saturation: 65, lightness: 38 },
  mint: { hue: 158, saturation: 50, lightness: 72 },
  teal: { hue: 178, saturation: 60, lightness: 36 },
  turquoise: { hue: 174, saturation: 65, lightness: 50 },
  cyan: { hue: 188, saturation: 80, lightness: 50 },
  aqua: { hue: 185, saturation: 75, lightness: 60 },
  azure: { hue: 205, saturation: 80, lightness: 55 },
  blue: { hue: 220, saturation: 75, lightness: 48 },
  navy: { hue: 228, saturation: 60, lightness: 24 },
  indigo: { hue: 250, saturation: 55, lightness: 35 },
  violet: { hue: 268, saturation: 60, lightness: 52 },
  purple: { hue: 280, saturation: 55, lightness: 42 },
  lavender: { hue: 265, saturation: 55, lightness: 76 },
  magenta: { hue: 305, saturation: 75, lightness: 48 },
  pink: { hue: 335, saturation: 75, lightness: 72 },
  rose: { hue: 345, saturation: 60, lightness: 62 },
  coral: { hue: 12, saturation: 80, lightness: 64 },
  peach: { hue: 25, saturation: 85, lightness: 75 },
  brown: { hue: 26, saturation: 45, lightness: 32 },
  beige: { hue: 38, saturation: 40, lightness: 78 },
  black: { hue: 230, saturation: 12, lightness: 10 },
  white: { hue: 210, saturation: 18, lightness: 93 },
  grey: { hue: 215, saturation: 8, lightness: 55 },
  gray: { hue: 215, saturation: 8, lightness: 55 },
  silver: { hue: 210, saturation: 10, lightness: 72 },
};

export type Subject =
  | "sun"
  | "moon"
  | "stars"
  | "space"
  | "planet"
  | "mountain"
  | "sea"
  | "forest"
  | "city"
  | "cat"
  | "flower"
  | "bird"
  | "cloud"
  | "house"
  | "boat"
  | "rain"
  | "snow"
  | "heart"
  | "balloon"
  | "rainbow"
  | "desert"
  | "river";

const SUBJECT_WORDS: Record<Subject, string[]> = {
  sun: ["sun", "sunny", "sunshine", "sunlight"],
  moon: ["moon", "moonlight", "moonlit", "lunar", "crescent"],
  stars: ["star", "starry", "starlight", "constellation"],
  space: ["space", "galaxy", "cosmos", "cosmic", "universe", "nebula", "astronaut", "orbit"],
  planet: ["planet", "saturn", "jupiter", "mars", "neptune", "exoplanet"],
  mountain: ["mountain", "peak", "alp", "alps", "summit", "volcano", "cliff", "hill", "highland"],
  sea: ["sea", "ocean", "lake", "water", "wave", "beach", "shore", "coast", "bay", "harbor", "harbour"],
  forest: ["forest", "tree", "wood", "woods", "woodland", "jungle", "pine", "grove", "oak"],
  city: ["city", "skyline", "town", "building", "skyscraper", "street", "downtown", "metropolis", "tower"],
  cat: ["cat", "kitten", "kitty", "feline"],
  flower: ["flower", "garden", "rose", "tulip", "bloom", "blossom", "daisy", "meadow", "bouquet", "petal"],
  bird: ["bird", "crow", "gull", "seagull", "swallow", "sparrow", "flock"],
  cloud: ["cloud", "cloudy", "sky"],
  house: ["house", "home", "cottage", "cabin", "village", "hut"],
  boat: ["boat", "ship", "sail", "sailboat", "yacht", "ferry"],
  rain: ["rain", "rainy", "raining", "drizzle", "shower"],
  snow: ["snow", "snowy", "snowing", "snowfall", "blizzard", "snowflake"],
  heart: ["heart", "love", "valentine"],
  balloon: ["balloon"],
  rainbow: ["rainbow"],
  desert: ["desert", "dune", "sand", "sahara", "canyon"],
  river: ["river", "stream", "creek", "brook"],
};

export type Mood =
  | "calm"
  | "stormy"
  | "night"
  | "sunset"
  | "dawn"
  | "misty"
  | "happy"
  | "gloomy"
  | "dreamy"
  | "winter"
  | "autumn";

const MOOD_WORDS: Record<Mood, string[]> = {
  calm: ["calm", "peaceful", "serene", "quiet", "tranquil", "gentle", "still", "soft", "cozy", "cosy"],
  stormy: ["storm", "stormy", "thunder", "thunderstorm", "lightning", "tempest", "wild", "dramatic"],
  night: ["night", "midnight", "nocturnal", "nighttime"],
  sunset: ["sunset", "dusk", "twilight", "sundown", "evening"],
  dawn: ["dawn", "sunrise", "morning", "daybreak"],
  misty: ["mist", "misty", "fog", "foggy", "haze", "hazy"],
  happy: ["happy", "joyful", "bright", "cheerful", "vivid", "vibrant", "summer", "fun", "playful"],
  gloomy: ["gloomy", "sad", "melancholy", "moody", "dark", "lonely", "eerie", "spooky"],
  dreamy: ["dreamy", "dream", "magical", "magic", "fantasy", "ethereal", "fairy", "surreal"],
  winter: ["winter", "frozen", "icy", "ice", "cold", "frost", "arctic"],
  autumn: ["autumn", "fall", "harvest", "october"],
};

export type Style =
  | "flat"
  | "watercolor"
  | "pixel"
  | "neon"
  | "minimal"
  | "sketch"
  | "pastel"
  | "vintage"
  | "photo";

const STYLE_WORDS: Record<Style, string[]> = {
  flat: ["flat", "illustration", "vector", "cartoon"],
  watercolor: ["watercolor", "watercolour", "painting", "painted", "aquarelle", "gouache", "oil"],
  pixel: ["pixel", "pixelated", "pixelart", "8bit", "8-bit", "16-bit", "retro-game", "voxel"],
  neon: ["neon", "cyberpunk", "synthwave", "glow", "glowing", "vaporwave", "futuristic", "outrun"],
  minimal: ["minimal", "minimalist", "minimalism", "simple", "clean"],
  sketch: ["sketch", "pencil", "drawing", "ink", "lineart", "charcoal", "doodle"],
  pastel: ["pastel", "kawaii", "cute", "pale"],
  vintage: ["vintage", "retro", "sepia", "poster", "old", "nostalgic", "antique", "film"],
  photo: ["photo", "photograph", "photorealistic", "realistic", "cinematic", "hdr"],
};

function index<K extends string>(table: Record<K, string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const [key, words] of Object.entries(table) as [K, string[]][]) {
    for (const word of words) map.set(word, key);
  }
  return map;
}

const SUBJECT_INDEX = index(SUBJECT_WORDS);
const MOOD_INDEX = index(MOOD_WORDS);
const STYLE_INDEX = index(STYLE_WORDS);

/** Words of a prompt, lowercased, with a plural or possessive "s" also tried without it. */
export function promptWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter(Boolean);
}

function lookup<K>(map: Map<string, K>, word: string): K | undefined {
  return (
    map.get(word) ??
    (word.endsWith("es") ? map.get(word.slice(0, -2)) : undefined) ??
    (word.endsWith("s") ? map.get(word.slice(0, -1)) : undefined)
  );
}

export interface PromptReading {
  /** Colour words in the order they appear. */
  colours: ColourWord[];
  subjects: Set<Subject>;
  moods: Set<Mood>;
  /** The first style word wins (the request's `style` is read first). */
  style: Style | undefined;
  /** Plural subjects ("cats", "flowers") ask for more than one. */
  plural: Set<Subject>;
}

/** What the engine takes from a prompt (and an optional style word, read before the prompt). */
export function readPrompt(prompt: string, style?: string): PromptReading {
  const reading: PromptReading = {
    colours: [],
    subjects: new Set(),
    moods: new Set(),
    style: undefined,
    plural: new Set(),
  };
  const words = [...promptWords(style ?? ""), ...promptWords(prompt)];
  for (const word of words) {
    const colour = COLOURS[word];
    if (colour) reading.colours.push(colour);
    const subject = lookup(SUBJECT_INDEX, word);
    if (subject) {
      reading.subjects.add(subject);
      if (word.endsWith("s") && SUBJECT_INDEX.get(word) === undefined) reading.plural.add(subject);
    }
    const mood = lookup(MOOD_INDEX, word);
    if (mood) reading.moods.add(mood);
    const styleWord = STYLE_INDEX.get(word);
    if (styleWord && !reading.style) reading.style = styleWord;
  }
  return reading;
}
