// Simple, predictable style rules per tone for the built-in writing help: each is a phrase and its
// replacement with the reason shown to the author. They complement harper.js (grammar, spelling).
import type { TextSuggestion, WritingTone } from "../types.ts";

interface StyleRule {
  /** Matched case-insensitively on word boundaries. */
  phrase: string;
  replacement: string;
  message: string;
}

const rule = (phrase: string, replacement: string, message: string): StyleRule => ({
  phrase,
  replacement,
  message,
});

const WORDY: StyleRule[] = [
  rule("in order to", "to", "“to” says the same in fewer words"),
  rule("due to the fact that", "because", "“because” says the same in fewer words"),
  rule("owing to the fact that", "because", "“because” says the same in fewer words"),
  rule("at this point in time", "now", "“now” says the same in fewer words"),
  rule("at the present time", "now", "“now” says the same in fewer words"),
  rule("in the event that", "if", "“if” says the same in fewer words"),
  rule("a large number of", "many", "“many” says the same in fewer words"),
  rule("the majority of", "most", "“most” says the same in fewer words"),
  rule("is able to", "can", "“can” is more direct"),
  rule("are able to", "can", "“can” is more direct"),
  rule("prior to", "before", "“before” is plainer"),
  rule("with regard to", "about", "“about” is plainer"),
  rule("in regards to", "about", "“about” is plainer"),
  rule("utilize", "use", "“use” is plainer"),
  rule("utilise", "use", "“use” is plainer"),
  rule("commence", "start", "“start” is plainer"),
  rule("for the purpose of", "for", "“for” says the same in fewer words"),
];

const FILLERS = [
  "very",
  "really",
  "just",
  "actually",
  "basically",
  "literally",
  "totally",
  "quite",
  "simply",
].map((word) => rule(word, "", `“${word}” adds little; leaving it out tightens the sentence`));

const CONTRACTIONS: Array<[string, string]> = [
  ["do not", "don't"],
  ["does not", "doesn't"],
  ["did not", "didn't"],
  ["cannot", "can't"],
  ["will not", "won't"],
  ["is not", "isn't"],
  ["are not", "aren't"],
  ["I am", "I'm"],
  ["you are", "you're"],
  ["we are", "we're"],
  ["they are", "they're"],
  ["it is", "it's"],
  ["that is", "that's"],
  ["I have", "I've"],
  ["let us", "let's"],
];

const FRIENDLY: StyleRule[] = [
  rule("please be advised that", "just so you know,", "a lighter opening sounds friendlier"),
  rule("dear sir or madam", "hi there", "a warmer greeting"),
  rule("to whom it may concern", "hi there", "a warmer greeting"),
  rule("kind regards", "cheers", "a warmer sign-off"),
  rule("regards", "cheers", "a warmer sign-off"),
  rule("kindly", "please", "“please” sounds warmer"),
  rule("it is required that you", "please", "asking sounds friendlier than requiring"),
  rule("you must", "please", "asking sounds friendlier than ordering"),
  ...CONTRACTIONS.map(([long, short]) => rule(long, short, "contractions sound more relaxed")),
];

const FORMAL: StyleRule[] = [
  ...CONTRACTIONS.map(([long, short]) => rule(short, long, "formal writing spells contractions out")),
  rule("won't", "will not", "formal writing spells contractions out"),
  rule("gonna", "going to", "“going to” is the formal form"),
  rule("wanna", "want to", "“want to” is the formal form"),
  rule("gotta", "have to", "“have to” is the formal form"),
  rule("kinda", "somewhat", "“somewhat” is the formal form"),
  rule("yeah", "yes", "“yes” is the formal form"),
  rule("hey", "hello", "“hello” is the formal greeting"),
  rule("thanks", "thank you", "“thank you” is the formal form"),
  rule("stuff", "things", "“things” is more formal"),
  rule("a lot of", "many", "“many” is more formal"),
  rule("lots of", "many", "“many” is more formal"),
  rule("cheers", "kind regards", "“kind regards” is the formal sign-off"),
];

const RULES: Record<WritingTone, StyleRule[]> = {
  clearer: WORDY,
  shorter: [...WORDY, ...FILLERS],
  friendlier: FRIENDLY,
  more_formal: FORMAL,
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Keeps the capital of the first letter when the matched text had one. */
function matchCase(original: string, replacement: string): string {
  if (!replacement) return replacement;
  const first = original[0]!;
  return first !== first.toLowerCase() ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
}

export function styleSuggestions(text: string, tone: WritingTone): TextSuggestion[] {
  const found: TextSuggestion[] = [];
  for (const r of RULES[tone]) {
    const words = r.phrase.split(" ").map(escapeRegExp).join("\\s+");
    const apostrophes = words.replace(/'/g, "['’]");
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}'’])${apostrophes}(?![\\p{L}\\p{N}'’])`, "giu");
    for (const match of text.matchAll(pattern)) {
      let offset = match.index;
      let length = match[0].length;
      // Removing a word also removes one space beside it, so no double space is left behind.
      if (r.replacement === "") {
        if (text[offset + length] === " ") length++;
        else if (offset > 0 && text[offset - 1] === " ") {
          offset--;
          length++;
        }
      }
      found.push({ offset, length, replacement: matchCase(match[0], r.replacement), message: r.message });
    }
  }
  return found;
}
