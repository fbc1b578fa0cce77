import { P } from "./common.js";

/** Messages of the shared record reader the workflow commands use. */
export const recMsg = {
  badLine: (source: string, line: number, why: string) =>
    `${P} ${source} line ${line}: ${why}. Fix or remove that record, then run the command again.`,
  notRecord: (source: string, line: number, kind: string) =>
    `${P} ${source} line ${line} is a JSON ${kind}, not a record: every line of a JSON Lines data file is one object ({"id": 1, ...}). Wrap it in an object or remove it.`,
  width: (source: string, line: number, got: number, want: number) =>
    `${P} ${source} line ${line} has ${got} fields, but the header has ${want}. Quote a field holding the delimiter ("a,b") or fix the row.`,
  noHeader: (source: string) =>
    `${P} ${source} has no header line; a CSV data file starts with its column names.`,
};
