import { readInto, refKeys, type TableText } from "./refKeys.js";
import { RowReader } from "./rowReader.js";
import type { CompiledSchema } from "./schema.js";
import { TableValidator } from "./tableValidator.js";
import type { ContractError, TableFormat } from "./types.js";

/** What validateTable needs: the schema, the content, and how to read files keys refer to. */
export interface TableCheck {
  schema: CompiledSchema;
  format: TableFormat;
  data: TableText;
  /**
   * The length of an older version that the content starts with (an append): its rows are not
   * judged again, only remembered for unique, primary and foreign keys. Text sources only.
   */
  oldLength?: number;
  /** A file a foreign key names (repository path), or null when it does not exist. */
  readRef(path: string): TableText | null;
  maxErrors?: number;
}

/** Every error of a table against its schema (at most maxErrors kept), and their count. */
export function validateTable(c: TableCheck): { errors: ContractError[]; total: number } {
  const v = new TableValidator(c.schema, {
    format: c.format,
    maxErrors: c.maxErrors,
    refs: (fk) => refKeys(c.schema, fk, c.readRef(fk.resource)),
  });
  const reader = new RowReader(c.format, v);
  if (c.oldLength && "text" in c.data) {
    const { text } = c.data;
    // The old part ends at a line end: its rows all pass through while quiet.
    v.quiet = true;
    reader.push(text.slice(0, c.oldLength));
    v.quiet = false;
    reader.push(text.slice(c.oldLength));
    reader.end();
  } else readInto(c.data, reader);
  const errors = v.finish();
  return { errors, total: v.total };
}
