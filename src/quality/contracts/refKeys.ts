import { isJsonObject } from "../../records/exactJson.js";
import { KeyMap } from "./keyMap.js";
import { JsonLineError, RowReader, readFileInto } from "./rowReader.js";
import type { CompiledSchema, ForeignKey } from "./schema.js";
import { tableFormatOf } from "./types.js";

/** A table's content: a work tree file (streamed) or a text already read (a blob). */
export type TableText = { file: string } | { text: string };

/** Push a table's content through a reader. */
export function readInto(src: TableText, reader: RowReader): void {
  if ("file" in src) readFileInto(src.file, reader);
  else {
    reader.push(src.text);
    reader.end();
  }
}

/**
 * The key values a foreign key refers to in another file, cast by the referring fields' types
 * (so "007" and "7" meet in an integer key), as hashes: memory stays bounded by the row count.
 */
export function refKeys(
  schema: CompiledSchema,
  fk: ForeignKey,
  src: TableText | null,
): KeyMap | { problem: string } {
  const format = tableFormatOf(fk.resource);
  if (!format)
    return { problem: `foreign key target ${fk.resource} is not a CSV, TSV or JSON Lines file` };
  if (!src) return { problem: `foreign key target ${fk.resource} does not exist` };
  const kinds = fk.fields.map((i) => schema.fields[i].kind);
  const keys = new KeyMap();
  let cols: number[] | null = null;
  let row = 1;
  let problem: string | null = null;
  const addKey = (values: unknown[]) => {
    row++;
    let key = "";
    for (let k = 0; k < values.length; k++) {
      const v = values[k] === undefined || values[k] === null ? null : kinds[k].cast(values[k]);
      if (v === null) return;
      key += k ? `\u001f${v}` : v;
    }
    keys.add(key, row);
  };
  const reader = new RowReader(format, {
    csvRow(cells) {
      if (!cols) {
        cols = fk.refFields.map((n) => cells.indexOf(n));
        const absent = fk.refFields.filter((_, k) => cols![k] < 0);
        if (absent.length)
          problem = `foreign key target ${fk.resource} has no column ${absent.join(", ")}`;
        return;
      }
      if (!problem) addKey(cols.map((c) => cells[c]));
    },
    jsonRow(v) {
      if (v !== undefined && !(v instanceof JsonLineError) && isJsonObject(v))
        addKey(fk.refFields.map((n) => (v as Record<string, unknown>)[n]));
    },
    sourceError(message) {
      problem = `foreign key target ${fk.resource} cannot be read: ${message}`;
    },
  });
  readInto(src, reader);
  return problem ? { problem } : keys;
}
