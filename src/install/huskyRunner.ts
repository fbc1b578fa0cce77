import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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

// husky 9's stub for each hook (.husky/_/<hook>), and the same without a dirname process and
// started by /bin/sh itself: `#!/usr/bin/env sh` costs an env process (and a PATH search) in
// each of the four stubs git runs on every commit, ~1.3 ms apiece here. /bin/sh is where every
// system git runs on has its POSIX shell (Git for Windows maps it to its own).
export const HUSKY_9_STUB = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"';
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
export const LEAN_STUB = '#!/bin/sh\n. "${0%/*}/h"';
// What mlbranch 0.2.0 wrote, replaced on the next install like husky's own.
// biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
const LEAN_STUB_0_2 = '#!/usr/bin/env sh\n. "${0%/*}/h"';

/**
 * Replace .husky/_/h (just written by husky) with the lean runner, and each hook's stub with one
 * that finds it without a dirname process, when husky's texts are the ones this was written
 * for; any other husky version's files are left as they are. Returns true when the lean runner
 * is in place.
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
  writeAtomic(join(huskyDir, "_", "h"), lean);
  for (const name of readdirSync(join(huskyDir, "_"))) {
    const stub = join(huskyDir, "_", name);
    const text = name === "h" ? "" : readFileSync(stub, "utf8");
    if (text === HUSKY_9_STUB || text === LEAN_STUB_0_2) writeAtomic(stub, LEAN_STUB, 0o755);
  }
  return true;
}

function writeAtomic(file: string, text: string, mode?: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
  renameSync(tmp, file);
}
