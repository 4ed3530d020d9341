// The composer's character counter agrees with the limit the server enforces (it uses the
// server's own tokenizer), so people never see "12 left" and then get "too long".
import { createRestAPIClient } from "masto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countCharacters } from "../../web/src/components/composer/count.ts";
import { failureStatus, registerUser } from "../support/clients.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

describe("the composer's character counter", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = (await startTestServer())!;
  });
  afterAll(() => server?.stop());

  it("puts the limit exactly where the server does, for links, remote mentions, emoji and a CW", async () => {
    const { token } = await registerUser(server.url);
    const client = createRestAPIClient({ url: server.url, accessToken: token });
    const tricky = "See https://en.wikipedia.org/wiki/Ink_(disambiguation). @bob@social.example.org 👩‍🎨 ";
    const spoilerText = "Ink!";
    const base = countCharacters(tricky, spoilerText);
    const atLimit = tricky + "x".repeat(500 - base);
    expect(countCharacters(atLimit, spoilerText)).toBe(500);
    await expect(client.v1.statuses.create({ status: atLimit, spoilerText })).resolves.toBeDefined();
    expect(await failureStatus(client.v1.statuses.create({ status: `${atLimit}x`, spoilerText }))).toBe(422);
  });
});
