import { P } from "./common.js";

const FIX_REF =
  "Give <rev>:<path> of a committed file (e.g. model-3:data/train.jsonl) or a file path.";

/** Messages of the table readers (JSONL and CSV scanners, drift and split inputs). */
export const tableMsg = {
  unknownFormat: (path: string) =>
    `${P} cannot read records from ${path}: use JSON Lines (.jsonl, .ndjson) or CSV (.csv, .tsv).`,
  noMatchAt: (rev: string, path: string, revExists: boolean) =>
    `${P} cannot read ${rev}:${path}: ${revExists ? "no JSONL or CSV file there matches" : `no revision ${rev}`}. ${FIX_REF}`,
  noSuchFile: (spec: string) => `${P} cannot read ${spec}: no such file.`,
  notInGit: (spec: string, why: string) =>
    `${P} cannot read ${spec}: ${why || "not in git"}. ${FIX_REF}`,
  notJsonLine: (source: string, line: number, why: string) =>
    `${P} ${source}:${line} is not valid JSON (${why}); each line must be one JSON object.`,
  badLine: (source: string, line: number, why: string) => `${P} ${source}:${line}: ${why}.`,
  noKeyColumn: (source: string, missing: string[], fields: string[]) =>
    `${P} ${source} has no column ${missing.join(", ")} (columns: ${fields.join(", ")}); pass --key with the record id column.`,
  noKeyValue: (source: string, line: number, key: string[]) =>
    `${P} ${source}:${line} has no value for the key ${key.join(", ")}; every record needs an id (or pass --key with another field).`,
  lfsObjectMissing: (source: string) =>
    `${P} ${source} is a Git LFS pointer whose object is not here; run git lfs fetch and try again.`,
  gitReadFailed: (source: string, why: string) =>
    `${P} cannot read ${source}: ${why || "git failed"}.`,
};
