import { article } from "./cast.js";
import type { CompiledField } from "./schema.js";

// The text of each error, after Frictionless' templates (the cell, the field, the constraint).

const show = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
};

/** Messages of the table checks, one per error type. */
export const contractText = {
  type: (v: unknown, f: CompiledField) => `the cell ${show(v)} is not ${article(f.kind.describe)}`,
  constraint: (v: unknown, name: string, limit: string) =>
    `the cell ${show(v)} does not conform to the constraint "${name}": ${limit}`,
  required: () => `the cell is empty but the field is required`,
  unique: (v: unknown, first: number) =>
    `the value ${show(v)} is also in row ${first} (the field is unique)`,
  uniqueKey: (names: string, first: number) =>
    `the values of (${names}) are also in row ${first} (unique key)`,
  primaryKey: (names: string, values: string, first: number) =>
    `the primary key (${names}) = (${values}) is also row ${first}'s`,
  foreignKey: (names: string, values: string, resource: string, refs: string) =>
    `(${names}) = (${values}) is not a value of (${refs}) in ${resource || "this file"}`,
  duplicateRow: (first: number) => `the row is a copy of row ${first}`,
  blankRow: () => "the row is blank (every cell is empty)",
  extraCell: (col: number, labels: number) =>
    `cell ${col} is beyond the ${labels} columns of the header`,
  extraKey: (key: string) => `the record has "${key}", which is not a field of the schema`,
  missingCell: (col: number) => `the row has no cell ${col} (fewer cells than the header)`,
  missingKey: (name: string) => `the record has no "${name}"`,
  notRecord: () => "the line is not a JSON object (one record per line)",
  badJson: (why: string) => `the line is not valid JSON (${why})`,
  blankLabel: (col: number) => `the header of column ${col} is blank`,
  duplicateLabel: (label: string, col: number, first: number) =>
    `column ${col}'s header "${label}" is also column ${first}'s`,
  extraLabel: (label: string, col: number) =>
    `column ${col} ("${label}") is not a field of the schema`,
  missingLabel: (name: string) => `the schema's field "${name}" is not a column of the data`,
  noneMatch: () =>
    "no column of the data is a field of the schema (fieldsMatch: partial needs one)",
  incorrectLabel: (label: string, col: number, name: string) =>
    `column ${col} is "${label}" but the schema's field ${col} is "${name}" (fieldsMatch: exact)`,
};
