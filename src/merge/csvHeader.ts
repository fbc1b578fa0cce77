import type { CsvRow } from "../records/csv.js";
import { csvField } from "./fieldMerge.js";

/** The merged header of three CSV versions, or why the columns cannot be merged by name. */
export type HeaderMerge = { columns: string[] } | { problem: string };

const unique = (h: string[]) => new Set(h).size === h.length;

/**
 * Columns merged by name: ours' columns in ours' order, then the columns theirs added in theirs'
 * order, without the base columns either side dropped. A dropped column in which the other side
 * wrote values on rows it added or changed cannot be dropped without losing them: a problem.
 */
export function mergeHeaders(
  base: CsvRow[] | undefined,
  ours: CsvRow[],
  theirs: CsvRow[],
): HeaderMerge {
  const hb = base?.[0]?.fields ?? [];
  const ho = ours[0]?.fields ?? [];
  const ht = theirs[0]?.fields ?? [];
  if (![hb, ho, ht].every(unique))
    return { problem: "a header names a column twice, so columns cannot be matched by name" };
  const dropped = new Set(
    hb.filter((c) => (ours[0] && !ho.includes(c)) || (theirs[0] && !ht.includes(c))),
  );
  const columns = [...new Set([...ho, ...ht])].filter((c) => !dropped.has(c));
  for (const c of dropped) {
    const [keeper, rows] = ho.includes(c) ? ["ours", ours] : ["theirs", theirs];
    if (!rows[0]?.fields.includes(c)) continue;
    const baseRows = new Set((base ?? []).slice(1).map((r) => rowKey(r.fields, hb, hb)));
    const h = rows[0].fields;
    const at = h.indexOf(c);
    for (const r of rows.slice(1))
      if (r.fields[at] && !baseRows.has(rowKey(r.fields, h, hb)))
        return {
          problem: `column ${c} was dropped on ${keeper === "ours" ? "theirs" : "ours"}, but ${keeper} line ${r.line} writes a value in it`,
        };
  }
  return { columns };
}

// A row as its values for the base columns, for "is this row unchanged from base".
const rowKey = (fields: string[], header: string[], base: string[]) =>
  JSON.stringify(base.map((c) => fields[header.indexOf(c)] ?? ""));

/**
 * Rows (header excluded) re-laid for `columns`: a column the side lacks is an empty cell. Rows of a
 * side whose header already is `columns` keep their exact bytes. Rows of the wrong width are left
 * for toRecs to report.
 */
export function projectRows(rows: CsvRow[], columns: string[], delim: string): CsvRow[] {
  const header = rows[0]?.fields ?? [];
  const body = rows.slice(1);
  if (header.length === columns.length && header.every((c, i) => c === columns[i])) return body;
  const at = columns.map((c) => header.indexOf(c));
  return body.map((r) => {
    if (r.fields.length !== header.length || r.body.trim() === "") return r;
    const fields = at.map((i) => (i < 0 ? "" : r.fields[i]));
    return { ...r, fields, body: fields.map((f) => csvField(f, delim)).join(delim) };
  });
}
