/** Frictionless' error types (its validator's taxonomy) that a data contract reports. */
export type ContractErrorType =
  | "type-error"
  | "constraint-error"
  | "unique-error"
  | "missing-cell"
  | "extra-cell"
  | "blank-row"
  | "duplicate-row"
  | "primary-key"
  | "foreign-key"
  | "missing-label"
  | "extra-label"
  | "blank-label"
  | "duplicate-label"
  | "incorrect-label"
  | "source-error";

/**
 * One error in a table: Frictionless' row number (the header is row 1, so the first record is
 * row 2; null for the header as a whole), the field's name (null when no field applies).
 */
export interface ContractError {
  row: number | null;
  field: string | null;
  type: ContractErrorType;
  message: string;
}

/** The formats a Table Schema applies to. */
export type TableFormat = "csv" | "tsv" | "jsonl";

/** The table format of a path by its extension, or null. */
export function tableFormatOf(path: string): TableFormat | null {
  const m = /\.(csv|tsv|jsonl|ndjson)$/i.exec(path);
  if (!m) return null;
  const ext = m[1].toLowerCase();
  return ext === "ndjson" ? "jsonl" : (ext as TableFormat);
}

/** A Table Schema that cannot be used: the schema's path and each problem (`where: what`). */
export class SchemaProblems {
  constructor(
    readonly schemaPath: string,
    readonly problems: string[],
  ) {}
}
