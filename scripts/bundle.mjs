// Build step after tsc: each file git or a user runs (bin/, hooks/, merge-drivers/) becomes one
// bundled module with its lazily loaded parts in shared chunks (dist/chunks/), so a hook loads a
// few files instead of ~45 modules. Dependencies stay external (node_modules); dist/src (the
// library and its types, from tsc) is left as it is.
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entries = ["bin", "hooks", "merge-drivers"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f)),
);

// One build per entry: its chunks hold only what its own lazy imports share, so a hook loads a
// handful of files (one build over every entry splits into ~90 chunks shared by all).
const options = {
  absWorkingDir: root,
  outdir: "dist",
  outbase: ".",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
  legalComments: "none",
};
// Chunks of an earlier build must not ship: their names change with their content.
rmSync(join(root, "dist", "chunks"), { recursive: true, force: true });
await Promise.all(entries.map((entry) => build({ ...options, entryPoints: [entry] })));
