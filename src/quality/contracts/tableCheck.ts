import type { TableText } from "./refKeys.js";
import type { CompiledSchema } from "./schema.js";
import type { TableFormat } from "./types.js";

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
  /** Files from this size up are checked in two parts at once (default 8 MiB: parallelValidate.ts). */
  parallelFrom?: number;
}
