import { isAscii } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { isLfsPointer } from "../../git/blobs.js";
import { lfsClean, lfsContent } from "../../git/lfs.js";
import { atomicWrite } from "../../io/atomicWrite.js";
import { MlbranchError } from "../../io/errors.js";
import { mergeMsg } from "../../io/messages/merge.js";
import { notebookMsg } from "../../io/messages/notebooks.js";
import { FileWindow } from "../../io/readWindow.js";
import { type Notebook, parseNotebook } from "../../records/notebook.js";
import { type DriverArgs, parseDriverArgs } from "../driverArgs.js";
import { textFallback } from "../textFallback.js";
import { BigStrings, expandNotebook, shrinkNotebook } from "./bigStrings.js";
import { bothVersions } from "./bothVersions.js";
import { mergeNotebooks } from "./mergeNotebook.js";
import { notebookIndent, writeNotebook } from "./writeNotebook.js";

/** The driver's name in .gitattributes and git config. */
export const NOTEBOOK_DRIVER = "mlbranch-ipynb";

const SIDES = ["base", "ours", "theirs"] as const;

/**
 * Run the notebook merge driver under git's contract (%O %A %B %L %P): the merged notebook is
 * written to %A atomically; exit 0 clean, 1 cells in conflict (markers inside them), 2 a version
 * that is not a notebook or an internal error (a notebook holding both versions is written).
 * Whatever happens, %A is left a notebook Jupyter opens (an LFS object that is missing aside).
 */
export function runNotebookDriver(
  argv: string[],
  cwd = process.cwd(),
  // Tests pass a merge that fails, to prove the internal-error path still leaves a notebook.
  merge: typeof mergeNotebooks = mergeNotebooks,
): number {
  let args: DriverArgs;
  try {
    args = parseDriverArgs(argv, NOTEBOOK_DRIVER);
  } catch (e) {
    process.stderr.write(`${e instanceof MlbranchError ? e.message : String(e)}\n`);
    return 2;
  }
  const { path } = args;
  const files = [args.base, args.ours, args.theirs];
  // A pointer is tiny: only small files are read whole to tell.
  const lfs = files.some((f) => statSync(f).size < 1024 && isLfsPointer(readFileSync(f)));
  // One side at a time, read, smudged and parsed, so only the parsed notebooks stay in memory.
  // Without LFS, the fast path reads each side through a window of a few images (bigStrings
  // notes where the images are): never a whole file in memory, as peak memory is a target.
  const sideBytes = (i: number, windowed = false): Buffer | FileWindow | null => {
    if (windowed && !lfs) return new FileWindow(files[i]);
    const b = readFileSync(files[i]);
    return lfs ? lfsContent(cwd, b, path) : b;
  };
  // Notebooks of images are ASCII (base64): decoded as bytes, a third cheaper than UTF-8.
  const decode = (c: Buffer | null) => (c ? c.toString(isAscii(c) ? "latin1" : "utf8") : null);
  const sideText = (i: number): string | null => decode(sideBytes(i) as Buffer | null);
  const write = (text: string, clean: boolean, big: BigStrings | null = null) => {
    const chunks = big ? expandNotebook(text, big) : [text];
    const bytes = () => Buffer.concat([...chunks].map((c) => Buffer.from(c)));
    atomicWrite(args.ours, lfs && clean ? lfsClean(cwd, bytes(), path) : chunks);
  };
  let indent: string | number = 1;
  const both = (why: string) => {
    const [o, t] = [sideText(1) ?? "", sideText(2) ?? ""];
    write(writeNotebook(bothVersions(o, t, why), indent), false);
  };
  // Holds the files whose images it reads back: closed however the merge ends.
  const fast = new BigStrings();
  try {
    // Images set aside first (bigStrings.ts); when a version does not allow it, or does not
    // parse so, all three are parsed whole, so that the merge and its messages stay the same.
    const read = (big: BigStrings | null) => {
      const parsed: (ReturnType<typeof parseNotebook> | null)[] = [];
      for (const i of [0, 1, 2]) {
        const bytes = sideBytes(i, big !== null);
        if (bytes === null) return { missing: i, parsed, big };
        let text: string | null;
        if (big) {
          big.source = lfs ? null : files[i];
          try {
            text = shrinkNotebook(bytes, big);
          } finally {
            if (bytes instanceof FileWindow) bytes.close();
          }
        } else text = decode(bytes as Buffer);
        if (text === null) return null;
        const p = text.trim() === "" ? null : parseNotebook(text, { lenient: true });
        if (big && p && !p.nb) return null;
        if (i === 1) indent = notebookIndent(text);
        parsed.push(p);
      }
      return { missing: -1, parsed, big };
    };
    const r = read(fast) ?? read(null)!;
    const { parsed, big } = r;
    if (r.missing >= 0) {
      // Nothing to merge: the pointers between markers, as every driver leaves them.
      process.stderr.write(`${mergeMsg.lfsMissing(path, SIDES[r.missing])}\n`);
      const [b, o, t] = files.map((f) => readFileSync(f));
      atomicWrite(args.ours, textFallback(cwd, b, o, t, args.markerSize));
      return 2;
    }
    const problems = parsed.flatMap((p, i) =>
      p && !p.nb && i > 0 ? p.problems.map((m) => `${SIDES[i]}: ${m}`) : [],
    );
    if (problems.length || !parsed[1]?.nb || !parsed[2]?.nb) {
      const why = problems.length ? problems : ["ours or theirs is empty"];
      process.stderr.write(`${notebookMsg.unparseable(path, why)}\n`);
      both(why.join("; "));
      return 2;
    }
    // A base that is not a notebook (an odd virtual ancestor): merged as if the cells were new.
    const base = (parsed[0]?.nb ?? null) as Notebook | null;
    const m = merge(base, parsed[1].nb, parsed[2].nb, args.markerSize);
    write(writeNotebook(m.nb, indent), m.conflicts.length === 0, big);
    if (!m.conflicts.length) return 0;
    process.stderr.write(`${notebookMsg.conflicts(path, m.conflicts)}\n`);
    return 1;
  } catch (e) {
    process.stderr.write(`${notebookMsg.internal(path, e)}\n`);
    try {
      both("internal error");
    } catch {
      const [b, o, t] = files.map((f) => readFileSync(f));
      atomicWrite(args.ours, textFallback(cwd, b, o, t, args.markerSize));
    }
    return 2;
  } finally {
    fast.close();
  }
}
