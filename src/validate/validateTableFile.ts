import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/types.js";
import { contractMsg } from "../io/messages/contracts.js";
import { tableSchemaFor } from "../quality/contracts/contractFor.js";
import { type CompiledSchema, compileTableSchema } from "../quality/contracts/schema.js";
import { type ContractError, SchemaProblems, tableFormatOf } from "../quality/contracts/types.js";
import { validateTable } from "../quality/contracts/validateTable.js";

/** A table's check against its Table Schema (work tree files, streamed). */
export type TableReport =
  | { kind: "none" }
  | { kind: "checked"; schema: string; errors: ContractError[]; total: number }
  | { kind: "broken"; message: string };

const compiled = new Map<string, CompiledSchema | SchemaProblems>();

/** Check a work tree table against the Table Schema mlbranch.json names for it (none: no schema). */
export function validateTableFile(
  root: string,
  config: Config,
  path: string,
  maxErrors = 1000,
): TableReport {
  const schemaPath = tableSchemaFor(config, path);
  if (!schemaPath) return { kind: "none" };
  const format = tableFormatOf(path);
  if (!format)
    return { kind: "broken", message: `mlbranch: ${contractMsg.notTable(path, schemaPath).text}` };
  let schema = compiled.get(schemaPath);
  if (!schema) {
    const file = join(root, schemaPath);
    if (!existsSync(file))
      return { kind: "broken", message: contractMsg.schemaMissingCli(schemaPath, path) };
    schema = compileTableSchema(readFileSync(file, "utf8"), schemaPath);
    compiled.set(schemaPath, schema);
  }
  if (schema instanceof SchemaProblems)
    return { kind: "broken", message: contractMsg.brokenSchemaCli(schemaPath, schema.problems) };
  const { errors, total } = validateTable({
    schema,
    format,
    data: { file: join(root, path) },
    maxErrors,
    readRef: (p) => (existsSync(join(root, p)) ? { file: join(root, p) } : null),
  });
  return { kind: "checked", schema: schemaPath, errors, total };
}
