import { P } from "./common.js";

const FIX_REF =
  "Give <rev>:<path> of a committed file (e.g. model-3:data/train.jsonl) or a file path.";

/** Messages of the table readers (JSONL and CSV scanners, drift and split inputs). */
export const tableMsg = {
  notJson: (source: string, line: number, why: string) =>
    `${P} ${source}:${line} is not valid JSON (${why}); each line of a JSONL file must be one JSON object.`,
  notObject: (source: string, line: number) => `${P} ${source}:${line} is not a JSON object.`,
  badCsvLine: (source: string, line: number, why: string) => `${P} ${source}:${line}: ${why}.`,
  unknownFormat: (path: string) =>
    `${P} cannot read records from ${path}: use JSON Lines (.jsonl, .ndjson) or CSV (.csv, .tsv).`,
  noMatchAt: (rev: string, path: string, revExists: boolean) =>
    `${P} cannot read ${rev}:${path}: ${revExists ? "no JSONL or CSV file there matches" : `no revision ${rev}`}. ${FIX_REF}`,
  noSuchFile: (spec: string) => `${P} cannot read ${spec}: no such file.`,
  notInGit: (spec: string, why: string) =>
    `${P} cannot read ${spec}: ${why || "not in git"}. ${FIX_REF}`,
};
