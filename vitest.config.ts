import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite boots are CPU-heavy; on 2-core machines too many at once starve each other.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
