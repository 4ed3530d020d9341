// Characters as the server counts them when it enforces the limit (src/social/statuses/create.ts):
// the server's own tokenizer (every link 23, a remote mention only its username, code points),
// plus the content warning. Importing it — it is plain TypeScript with no Node dependencies —
// means the counter can never disagree with the server.
import { countCharacters as countText } from "../../../../src/social/content.ts";

export function countCharacters(text: string, spoiler: string): number {
  return countText(text) + [...spoiler].length;
}
