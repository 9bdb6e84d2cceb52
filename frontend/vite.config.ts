import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The dev server forwards API paths to a running `trendloop serve` (default port 8000).
const api = process.env.TRENDLOOP_API ?? "http://127.0.0.1:8000";
const apiPaths = ["/graphql", "/media", "/l", "/webhooks", "/healthz", "/readyz"];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: api, changeOrigin: true }])),
  },
  build: {
    outDir: "dist",
    sourcemap: true,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
