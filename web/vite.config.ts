// Builds the web app into web/dist (served by the Atelier server at /). React's JSX goes through
// Vite's own transformer; no dev-only plugins are needed for a production build. `npm install`
// runs this directly (prepare: Vite runs on Node 20.19+, so even an install without the pinned
// Node builds it); web/build.ts runs it for `npm start` and the tests.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: true, // the build prints each file's size, raw and gzipped
    chunkSizeWarningLimit: 400,
  },
});
