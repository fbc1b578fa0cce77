import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// husky 9's runner (.husky/_/h), which every hook stub sources, as husky ships it.
const HUSKY_9_RUNNER = `#!/usr/bin/env sh
[ "$HUSKY" = "2" ] && set -x
n=$(basename "$0")
s=$(dirname "$(dirname "$0")")/$n

[ ! -f "$s" ] && exit 0
`;

/**
 * The same runner with the hook name and script path taken by the shell's own expansion instead
 * of three basename/dirname processes: git runs the stubs of every client hook, most of which
 * have no script, so on a commit these were 12 of the 33 processes started. Everything after
 * the first lines is husky's own text, kept as it is.
 */
export function leanRunner(husky: string): string | null {
  if (!husky.startsWith(HUSKY_9_RUNNER)) return null;
  const rest = husky.slice(HUSKY_9_RUNNER.length);
  return `#!/usr/bin/env sh
# husky's runner, with the shell's own expansion for the name and path (mlbranch, install-ml-hooks)
[ "$HUSKY" = "2" ] && set -x
n=\${0##*/}
s=\${0%/*}
while [ "\${s%/}" != "$s" ]; do s=\${s%/}; done
s=\${s%/*}/$n

[ ! -f "$s" ] && exit 0
${rest}`;
}

/**
 * Replace .husky/_/h (just written by husky) with the lean runner, when husky's text is the one
 * this was written for; any other husky version's runner is left as it is. Returns true when
 * the lean runner is in place.
 */
export function writeLeanRunner(huskyDir: string): boolean {
  const require = createRequire(import.meta.url);
  let shipped: string;
  try {
    shipped = readFileSync(join(require.resolve("husky"), "..", "husky"), "utf8");
  } catch {
    return false;
  }
  const lean = leanRunner(shipped);
  if (!lean) return false;
  const file = join(huskyDir, "_", "h");
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, lean);
  renameSync(tmp, file);
  return true;
}
