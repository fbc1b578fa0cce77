import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join } from "node:path";
import type { Ajv as AjvClass } from "ajv";
import { pointerToPath } from "../config/validateConfig.js";
import { InputError } from "../io/errors.js";
import { mergeMsg } from "../io/messages/merge.js";

// ajv costs tens of ms to load: only merges of a path with a schema pay for it.
const require = createRequire(import.meta.url);
const ajv = () => (require("ajv") as { Ajv: typeof AjvClass }).Ajv;

/** Validates records against a JSON Schema file; returns "line N: problem" strings. */
export type RecordValidator = (
  values: { line: number; value: unknown }[],
  side: string,
) => string[];

/** Compile the schema named in mlbranch.json (relative to the repository root). */
export function loadRecordValidator(cwd: string, schemaPath: string): RecordValidator {
  const file = isAbsolute(schemaPath) ? schemaPath : join(cwd, schemaPath);
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(mergeMsg.schemaUnreadable(schemaPath, (e as Error).message));
  }
  const validate = new (ajv())({ allErrors: false, strict: false }).compile(schema);
  return (values, side) => {
    const out: string[] = [];
    for (const { line, value } of values) {
      if (validate(value)) continue;
      const e = validate.errors?.[0];
      out.push(
        `${side} line ${line}: ${e ? `${pointerToPath(e.instancePath)} ${e.message}` : "invalid"}`,
      );
    }
    return out;
  };
}
