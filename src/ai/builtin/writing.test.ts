// The built-in writing help: real harper.js grammar and spelling checks, and the tone rules.
import { describe, expect, it } from "vitest";
import { improveBuiltin } from "./writing.ts";

const edits = (text: string, suggestions: Array<{ offset: number; length: number; replacement: string }>) =>
  suggestions.map((s) => [text.slice(s.offset, s.offset + s.length), s.replacement]);

describe("built-in writing help", () => {
  it("finds grammar and spelling mistakes with offsets into the text, also after an emoji", async () => {
    const text = "Sunset 🌅 at the harbour. I has a apple and the weather is realy nice.";
    const result = await improveBuiltin(text, undefined);
    expect(edits(text, result.suggestions)).toEqual([
      ["has", "have"],
      ["a", "an"],
      ["realy", "really"],
    ]);
    const spelling = result.suggestions.find((s) => s.replacement === "really")!;
    expect(spelling.offset).toBe(text.indexOf("realy"));
    expect(spelling.message).toMatch(/spell/i);
    expect(result.text).toBe("Sunset 🌅 at the harbour. I have an apple and the weather is really nice.");
  });

  it("never touches hashtags, mentions or links", async () => {
    const text = "see #realy and @realy at https://exampel.test/realy";
    expect((await improveBuiltin(text, "shorter")).suggestions).toEqual([]);
  });

  it("leaves correct text alone", async () => {
    const result = await improveBuiltin("The harbour was quiet this morning.", undefined);
    expect(result.suggestions).toEqual([]);
    expect(result.text).toBe("The harbour was quiet this morning.");
  });

  it("applies the tone's rules where they do not touch a grammar fix", async () => {
    const text = "In order to finish, we will utilize the old boat.";
    const clearer = await improveBuiltin(text, "clearer");
    expect(clearer.text).toBe("To finish, we will use the old boat.");
    expect(clearer.suggestions.map((s) => s.message)).toContain("“use” is plainer");

    const shorter = await improveBuiltin("It was really very quiet.", "shorter");
    expect(shorter.text).toBe("It was quiet.");

    const formal = await improveBuiltin("Thanks, I can't come, it's gonna rain.", "more_formal");
    expect(formal.text).toBe("Thank you, I cannot come, it is going to rain.");

    const friendly = await improveBuiltin("Kindly note that I am away. Regards", "friendlier");
    expect(friendly.text).toBe("Please note that I'm away. Cheers");
  });
});
