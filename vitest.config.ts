import { defineConfig } from "vitest/config";

// Four tiers, each with its own timeout: unit (pure functions), rules (one policy rule run
// in-process against a real temp repo, no CLI), integration (real git in temp repos, through the
// CLI and hooks), e2e (the packed tarball installed into a fresh repo).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 20_000 } },
      {
        test: {
          name: "rules",
          include: ["test/rules/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
