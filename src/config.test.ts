import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("gives a working embedded setup when nothing is set", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.s3).toBeUndefined();
    expect(config.rateLimit).toBe(true);
    expect(config.ai.textModels).toEqual([]);
  });

  it("reads the contract's variables", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      PUBLIC_URL: "https://atelier.example/",
      DATABASE_URL: "postgres://u@db/atelier",
      RATE_LIMIT: "off",
      AI_TEXT_MODEL: "openai:gpt-4.1-mini, google:gemini-2.5-flash",
      S3_BUCKET: "media",
      S3_ACCESS_KEY_ID: "k",
      S3_SECRET_ACCESS_KEY: "s",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      publicUrl: "https://atelier.example",
      databaseUrl: "postgres://u@db/atelier",
      rateLimit: false,
      s3: { bucket: "media", region: "us-east-1" },
    });
    expect(config.ai.textModels).toEqual(["openai:gpt-4.1-mini", "google:gemini-2.5-flash"]);
  });

  it.each([
    [{ PORT: "eighty" }, /PORT: must be a whole number/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: must be a URL starting with postgres:/],
    [{ AI_IMAGE_MODEL: "gpt-image-1" }, /AI_IMAGE_MODEL: must be "provider:model"/],
    [{ RATE_LIMIT: "maybe" }, /RATE_LIMIT: must be one of/],
    [{ S3_BUCKET: "media" }, /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required/],
  ])("names the bad variable in %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });
});
