import { matchesAny } from "../../config/globs.js";
import { contractMsg } from "../../io/messages/contracts.js";
import { contractGlobs, tableSchemaFor } from "../../quality/contracts/contractFor.js";
import { type CompiledSchema, compileTableSchema } from "../../quality/contracts/schema.js";
import { SchemaProblems, tableFormatOf } from "../../quality/contracts/types.js";
import { validateTable } from "../../quality/contracts/validateTable.js";
import { blobText } from "../inputs/blobText.js";
import { pathOids } from "../inputs/pathOids.js";
import { treeFiles } from "../inputs/treeFiles.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

const RULE = "contracts";

/** What to check: each table's path, new blob and (when it may be an append) old blob. */
interface Target {
  path: string;
  oid: string;
  oldOid: string | null;
  schema: string;
}

type SchemaOf = (path: string) => CompiledSchema | SchemaProblems | null;

// Tables the commit adds or changes, and every table under a Table Schema that the commit
// changes or whose foreign keys name a table the commit changes or deletes (a parent row gone).
function targets(ctx: RuleContext, schemaOf: SchemaOf): Target[] {
  const out = new Map<string, Target>();
  for (const c of ctx.changes) {
    const schema = c.newOid ? tableSchemaFor(ctx.config, c.path) : undefined;
    if (schema && c.newMode !== "120000" && c.newMode !== "160000")
      out.set(c.path, { path: c.path, oid: c.newOid!, oldOid: c.oldOid, schema });
  }
  const changed = new Set(ctx.changes.map((c) => c.path));
  const tables = ctx.changes.some((c) => tableFormatOf(c.path));
  const again = [...contractGlobs(ctx.config)].filter(([s]) => {
    if (ctx.changes.some((c) => c.path === s && c.newOid)) return true;
    if (!tables) return false;
    const schema = schemaOf(s);
    return (
      schema !== null &&
      !(schema instanceof SchemaProblems) &&
      schema.foreignKeys.some((fk) => fk.resource !== "" && changed.has(fk.resource))
    );
  });
  if (again.length)
    for (const f of treeFiles(ctx.cwd, ctx.commit, ctx.env))
      for (const [schema, globs] of again)
        if (
          !out.has(f.path) &&
          matchesAny(f.path, globs) &&
          tableSchemaFor(ctx.config, f.path) === schema
        )
          out.set(f.path, { path: f.path, oid: f.oid, oldOid: null, schema });
  return [...out.values()];
}

/**
 * contracts: CSV, TSV and JSON Lines tables with a Table Schema (files[glob].tableSchema) hold
 * to it, per branch type (`contracts`: refuse | warn | off). An appended table is judged on its
 * new rows, its keys against the whole file; a merge is judged as what it brings onto the first
 * parent, so two valid sides that merge into a duplicate primary key are refused.
 */
export const contracts: Rule = {
  id: RULE,
  prefetch(ctx) {
    const blobs: string[] = [];
    const prefixes: [string, string][] = [];
    for (const c of ctx.changes) {
      if (!c.newOid || !tableSchemaFor(ctx.config, c.path)) continue;
      blobs.push(c.newOid);
      if (c.oldOid) prefixes.push([c.oldOid, c.newOid]);
    }
    return { blobs, prefixes };
  },
  check(ctx) {
    const mode = ctx.type.contracts ?? "warn";
    if (mode === "off") return [];
    const schemas = new Map<string, CompiledSchema | SchemaProblems | null>();
    let oids: Map<string, string> | undefined;
    const schemaOf: SchemaOf = (p) => {
      if (!schemas.has(p)) {
        oids ??= pathOids(ctx, [...contractGlobs(ctx.config).keys()]);
        const oid = oids.get(p);
        const text = oid ? blobText(ctx, oid, p) : null;
        schemas.set(p, text === null ? null : compileTableSchema(text, p));
      }
      return schemas.get(p)!;
    };
    const list = targets(ctx, schemaOf);
    if (!list.length) return [];
    const out: Violation[] = [];
    const push = (path: string, m: { text: string; fix: string }) => {
      const v = violation(ctx, RULE, path, m);
      out.push(mode === "warn" ? { ...v, severity: "warning" } : v);
    };
    const refOids = new Map<string, string | null>();
    const refOid = (p: string) => {
      if (!refOids.has(p)) refOids.set(p, pathOids(ctx, [p]).get(p) ?? null);
      return refOids.get(p)!;
    };
    for (const t of list) {
      const format = tableFormatOf(t.path);
      if (!format) {
        push(t.path, contractMsg.notTable(t.path, t.schema));
        continue;
      }
      const schema = schemaOf(t.schema);
      if (!schema) {
        push(t.path, contractMsg.schemaMissing(t.path, t.schema));
        continue;
      }
      if (schema instanceof SchemaProblems) {
        push(t.path, contractMsg.brokenSchema(t.path, t.schema, schema.problems));
        continue;
      }
      const text = blobText(ctx, t.oid, t.path);
      if (text === null) {
        out.push({
          ...violation(ctx, RULE, t.path, contractMsg.lfsAbsent(t.path)),
          severity: "warning",
        });
        continue;
      }
      // An append (the old version is the start of the new one, ending at a line end): only the
      // new rows are judged; the old ones feed the key sets.
      let oldLength: number | undefined;
      if (t.oldOid) {
        const old = blobText(ctx, t.oldOid, t.path);
        if (old?.endsWith("\n") && text.startsWith(old)) oldLength = old.length;
      }
      const { errors, total } = validateTable({
        schema,
        format,
        data: { text },
        oldLength,
        maxErrors: 10,
        readRef: (p) => {
          const oid = refOid(p);
          const refText = oid ? blobText(ctx, oid, p) : null;
          return refText === null ? null : { text: refText };
        },
      });
      if (total)
        push(
          t.path,
          contractMsg.tableErrors(t.path, t.schema, errors, total, oldLength !== undefined),
        );
    }
    return out;
  },
};
