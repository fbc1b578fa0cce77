import { readFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { requireFormat } from "../data/format.js";
import { runGit } from "../git/execGit.js";
import { atomicWrite } from "../io/atomicWrite.js";
import { ensureDir } from "../io/ensureDir.js";
import { EXIT, UsageError } from "../io/errors.js";
import { qualityCmdMsg } from "../io/messages/quality.js";
import { splitGuard } from "../io/messages/workflowGuards.js";
import { defaultSplitNames } from "../quality/split/assign.js";
import { recipeText, SPLIT_SIDECAR } from "../quality/split/sidecar.js";
import { splitRecords } from "../quality/split/splitRecords.js";
import { decodeBytes } from "../records/recordFile.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch split <input> --key <field> [options]

Assign every record of a JSONL or CSV file to train / validation / test by a hash of its id and
a salt, and write one file per split in the same format (lines copied byte for byte, CRLF as
LF). The assignment depends only on the id, the salt and the ratios: adding records later
never moves an existing one, and everyone who runs it gets the same split.

The key, salt, ratios and file names are recorded in ${SPLIT_SIDECAR} beside the split files;
commit it with them: the split rule reads record ids by that key (before split.key of
mlbranch.json), and its messages name the exact command that makes the same split again.

  --key <field[,field]>  the record id (several fields: a composite id)
  --ratios <a,b[,c]>     shares of each split, summing to 1 (default 0.8,0.1,0.1)
  --names <a,b[,c]>      split names (default train,validation,test; train,test for 2 ratios)
  --salt <s>             mixed into the hash; a new salt is a new split (default: empty)
  --out <dir>            where <name>.<ext> files go (default: the input's directory)
  --json                 print counts and files as JSON
  -h, --help             this help

Exit codes: 0 written, 2 usage or input error.

Examples:
  mlbranch split data/clean.jsonl --key id
  mlbranch split data/users.csv --key user_id --ratios 0.9,0.1 --salt 2026-11 --out data/split`;

function ratiosOf(s: string | undefined): number[] {
  const parts = (s ?? "0.8,0.1,0.1").split(",").map((x) => Number(x.trim()));
  const sum = parts.reduce((a, b) => a + b, 0);
  if (parts.length < 2 || parts.some((x) => !(x > 0)) || Math.abs(sum - 1) > 1e-6) {
    throw new UsageError(qualityCmdMsg.badRatios(s ?? ""));
  }
  return parts;
}

// The input as the repository names it (a recipe is re-run from the root), else as given.
function fromRoot(cwd: string, input: string): string {
  const r = runGit(["rev-parse", "--show-toplevel"], { cwd, okCodes: [128] });
  if (r.code !== 0) return input;
  const rel = relative(r.stdout.toString("utf8").trim(), resolve(cwd, input));
  return rel.startsWith("..") ? input : rel.split("\\").join("/");
}

/** `mlbranch split`: stable, hash-based train / validation / test files. */
export const splitCommand: Command = {
  name: "split",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      {
        key: { type: "string" },
        ratios: { type: "string" },
        names: { type: "string" },
        salt: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
      },
      help,
    );
    if (positionals.length !== 1 || !values.key)
      throw new UsageError(qualityCmdMsg.splitUsage(help));
    const input = positionals[0];
    const format = requireFormat(input);
    const ratios = ratiosOf(values.ratios);
    const names = values.names
      ? values.names.split(",").map((n) => n.trim())
      : defaultSplitNames(ratios.length);
    if (
      names.length !== ratios.length ||
      new Set(names).size !== names.length ||
      names.some((n) => !/^[\w.-]+$/.test(n))
    )
      throw new UsageError(qualityCmdMsg.badNames(ratios.length));
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(io.cwd, input));
    } catch {
      throw new UsageError(qualityCmdMsg.noSuchInput(input));
    }
    const key = values.key.split(",").map((k) => k.trim());
    const salt = values.salt ?? "";
    // Nothing to split cannot even show the key is right: say so instead of writing nothing.
    if (bytes.toString("latin1").trim() === "") throw new UsageError(splitGuard.emptyInput(input));
    // Bytes kept as they are: valid UTF-8 as text, anything else (Latin-1) one char per byte.
    const { text, encoding } = decodeBytes(bytes);
    const r = splitRecords(
      text,
      { format, key, ratios, names, salt, source: input },
      encoding === "utf8" ? bytes : Buffer.from(text, "latin1"),
    );
    if (r.counts.every((c) => c === 0)) throw new UsageError(splitGuard.emptyInput(input));
    const dir = resolve(io.cwd, values.out ?? dirname(input));
    const why = ensureDir(dir);
    if (why) throw new UsageError(splitGuard.badOut(values.out ?? dir, why));
    const ext = extname(input);
    const files = names.map((n) => join(dir, `${n}${ext}`));
    files.forEach((f, i) => {
      if (resolve(f) === resolve(io.cwd, input))
        throw new UsageError(qualityCmdMsg.wouldOverwrite(input, names[i]));
    });
    const recipe = {
      key,
      salt,
      ratios,
      names,
      files: Object.fromEntries(names.map((n, i) => [n, basename(files[i])])),
      input: fromRoot(io.cwd, input),
    };
    const sidecar = join(dir, SPLIT_SIDECAR);
    // Write each file atomically so a crash never leaves half a split behind.
    try {
      files.forEach((f, i) => {
        atomicWrite(f, r.outputs[i]);
      });
      atomicWrite(sidecar, recipeText(recipe));
    } catch (e) {
      throw new UsageError(splitGuard.badOut(values.out ?? dir, (e as Error).message));
    }
    const show = (f: string) => (relative(io.cwd, f).startsWith("..") ? f : relative(io.cwd, f));
    const total = r.counts.reduce((a, b) => a + b, 0);
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            input,
            key,
            salt,
            ratios,
            total,
            duplicates: r.duplicates,
            recipe: show(sidecar),
            splits: names.map((n, i) => ({
              name: n,
              file: show(files[i]),
              count: r.counts[i],
            })),
          },
          null,
          2,
        ),
      );
    } else {
      const w = Math.max(...names.map((n) => n.length));
      io.out(
        [
          `split ${input} by ${key.join(",")} (salt "${salt}", ratios ${ratios.join(",")}): ${total} records`,
          ...names.map(
            (n, i) =>
              `  ${n.padEnd(w)}  ${String(r.counts[i]).padStart(String(total).length)}  ${`${total ? ((100 * r.counts[i]) / total).toFixed(1) : "0.0"}%`.padStart(6)}  ${show(files[i])}`,
          ),
          ...(r.duplicates
            ? [`  ${r.duplicates} records repeat an earlier id; each went to that id's split.`]
            : []),
          `  key and salt recorded in ${show(sidecar)}: commit it with the split files.`,
        ].join("\n"),
      );
    }
    return EXIT.ok;
  },
};
