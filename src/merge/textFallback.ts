import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGit } from "../git/execGit.js";

/**
 * git's own line merge with conflict markers (`git merge-file`), for input a driver cannot read.
 * Binary input that merge-file refuses gets the two sides between markers verbatim.
 */
export function textFallback(
  cwd: string,
  base: Buffer,
  ours: Buffer,
  theirs: Buffer,
  markerSize: number,
): Buffer {
  return textMerge(cwd, base, ours, theirs, markerSize).data;
}

/** `git merge-file` of three buffers: the result and whether it merged without conflicts. */
export function textMerge(
  cwd: string,
  base: Buffer,
  ours: Buffer,
  theirs: Buffer,
  markerSize: number,
): { data: Buffer; clean: boolean } {
  const dir = mkdtempSync(join(tmpdir(), "mlbranch-merge-"));
  try {
    const [o, a, b] = ["base", "ours", "theirs"].map((n) => join(dir, n));
    writeFileSync(o, base);
    writeFileSync(a, ours);
    writeFileSync(b, theirs);
    const r = runGit(
      [
        "merge-file",
        "-p",
        `--marker-size=${markerSize}`,
        "-L",
        "ours",
        "-L",
        "base",
        "-L",
        "theirs",
        a,
        o,
        b,
      ],
      { cwd, okCodes: Array.from({ length: 255 }, (_, i) => i + 1) },
    );
    if (r.code >= 0 && r.code < 128 && !/binary/i.test(r.stderr))
      return { data: r.stdout, clean: r.code === 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const nl = (b: Buffer) => (b.length && b[b.length - 1] !== 10 ? "\n" : "");
  const data = Buffer.concat([
    Buffer.from(`${"<".repeat(markerSize)} ours\n`),
    ours,
    Buffer.from(`${nl(ours)}${"=".repeat(markerSize)}\n`),
    theirs,
    Buffer.from(`${nl(theirs)}${">".repeat(markerSize)} theirs\n`),
  ]);
  return { data, clean: false };
}
