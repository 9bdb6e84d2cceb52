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
    rollupOptions: {
      output: {
        // The charting code in one chunk of its own, fetched by the dashboards only.
        manualChunks(id: string) {
          return /node_modules\/(recharts|d3-|victory-vendor|es-toolkit|immer|redux|reselect|@reduxjs)/.test(id) ? "charts" : undefined;
        },
      },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
  },
});
