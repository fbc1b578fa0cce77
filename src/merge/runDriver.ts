import { readFileSync } from "node:fs";
import type { FileSettings } from "../config/types.js";
import { isLfsPointer } from "../git/blobs.js";
import { lfsClean, lfsContent } from "../git/lfs.js";
import { atomicWrite } from "../io/atomicWrite.js";
import { MlbranchError } from "../io/errors.js";
import { mergeMsg } from "../io/messages/merge.js";
import { hasConflictMarkers } from "./conflictMarkers.js";
import { type DriverArgs, parseDriverArgs } from "./driverArgs.js";
import type { FastOptions } from "./fastAppend.js";
import { driverSettingsFor } from "./settings.js";
import { textFallback, textMerge } from "./textFallback.js";

/** What a content merge gets: the three versions, where, and the path's settings. */
export interface MergeInput {
  base: Buffer;
  ours: Buffer;
  theirs: Buffer;
  path: string;
  markerSize: number;
  cwd: string;
  settings: FileSettings;
}

/** A merged file, or why the inputs cannot be merged by this driver (lines named). */
export type MergeOutput =
  | { ok: true; data: string | Buffer; conflicts: string[] }
  | { ok: false; message: string };

/** A driver's logic; `fast` may merge straight from the files and returns null when it cannot. */
export interface ContentDriver {
  name: string;
  merge(input: MergeInput): MergeOutput;
  fast?(
    args: DriverArgs,
    settings: FileSettings,
    opts: FastOptions,
  ): { conflicts: string[] } | null;
}

/** Tuning a caller may pass (benchmarks, tests). */
export interface RunDriverOptions {
  /** Size of ours (bytes) from which the streaming path is tried; default FAST_MIN. */
  fastAppendMin?: number;
}

// The one place the environment is read: MLBRANCH_FAST_APPEND_MIN lets bench/ force a path.
const envNumber = (name: string): number | undefined =>
  process.env[name] ? Number(process.env[name]) : undefined;

/**
 * Run a merge driver under git's contract: read %O %A %B, merge, write %A atomically, say why on
 * stderr, return 0 (clean), 1 (conflicts) or 2 (unparseable input: a text merge left in %A).
 */
export function runDriver(
  argv: string[],
  driver: ContentDriver,
  cwd = process.cwd(),
  options: RunDriverOptions = {},
): number {
  let args: DriverArgs;
  try {
    args = parseDriverArgs(argv, driver.name);
  } catch (e) {
    process.stderr.write(`${e instanceof MlbranchError ? e.message : String(e)}\n`);
    return 2;
  }
  let settings: FileSettings = {};
  try {
    settings = driverSettingsFor(cwd, args.path);
  } catch (e) {
    // A broken mlbranch.json: say so, and still leave both sides in the file.
    process.stderr.write(
      `${mergeMsg.badConfig(args.path, e instanceof MlbranchError ? e.message : String(e))}\n`,
    );
    const [b, o, t] = [args.base, args.ours, args.theirs].map((f) => readFileSync(f));
    atomicWrite(args.ours, textFallback(cwd, b, o, t, args.markerSize));
    return 2;
  }
  const { path, markerSize } = args;
  try {
    const minBytes = options.fastAppendMin ?? envNumber("MLBRANCH_FAST_APPEND_MIN");
    const fast = driver.fast?.(args, settings, { cwd, minBytes });
    if (fast) return report(path, fast.conflicts);
    const raw = [args.base, args.ours, args.theirs].map((f) => readFileSync(f));
    // git rerere replays a recorded resolution by merging (preimage, this conflict, resolution)
    // through the path's driver: conflict markers in base and ours. That is a text merge. (The
    // streaming path declines such input: marker lines in ours' tail.)
    if (hasConflictMarkers(raw[1], markerSize) && hasConflictMarkers(raw[0], markerSize)) {
      const m = textMerge(cwd, raw[0], raw[1], raw[2], markerSize);
      atomicWrite(args.ours, m.data);
      return m.clean ? 0 : 1;
    }
    const lfs = raw.some(isLfsPointer);
    const sides = ["base", "ours", "theirs"];
    const content = raw.map((b, i) => {
      if (!lfs || !isLfsPointer(b)) return b;
      const c = lfsContent(cwd, b, path);
      if (!c) throw new LfsMissing(sides[i]);
      return c;
    });
    const [base, ours, theirs] = content;
    const out = driver.merge({ base, ours, theirs, path, markerSize, cwd, settings });
    if (!out.ok) {
      process.stderr.write(`${out.message}\n`);
      atomicWrite(args.ours, textFallback(cwd, base, ours, theirs, markerSize));
      return 2;
    }
    // A clean LFS merge goes back as a pointer; a conflicted one stays text for a person to edit.
    const data =
      lfs && !out.conflicts.length ? lfsClean(cwd, Buffer.from(out.data), path) : out.data;
    atomicWrite(args.ours, data);
    return report(path, out.conflicts);
  } catch (e) {
    const [b, o, t] = [args.base, args.ours, args.theirs].map((f) => readFileSync(f));
    const message =
      e instanceof LfsMissing
        ? mergeMsg.lfsMissing(path, e.side)
        : e instanceof MlbranchError
          ? e.message
          : `${mergeMsg.unparseable(path, [String((e as Error)?.message ?? e)])}`;
    process.stderr.write(`${message}\n`);
    atomicWrite(args.ours, textFallback(cwd, b, o, t, markerSize));
    return 2;
  }
}

class LfsMissing extends Error {
  constructor(readonly side: string) {
    super(side);
  }
}

function report(path: string, conflicts: string[]): number {
  if (!conflicts.length) return 0;
  process.stderr.write(`${mergeMsg.conflicts(path, conflicts)}\n`);
  return 1;
}
