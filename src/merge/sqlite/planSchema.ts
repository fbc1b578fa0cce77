import { changedRows } from "./changedRows.js";
import type { ConflictRow } from "./conflicts.js";
import { droppedColumnConflicts } from "./droppedColumns.js";
import type { SqlDb } from "./engine.js";
import { type Column, readSchema, type SchemaObject, tableInfo } from "./schema.js";
import { appendedColumns, columnChanges, describeTableDiff, normSql } from "./schemaDiff.js";
import { q } from "./sql.js";

/** A schema difference the driver could not merge; ours is kept. */
export interface SchemaConflict {
  name: string;
  reason: string;
  base: string | null;
  ours: string | null;
  theirs: string | null;
}

/** What to do to ours' schema so it holds both sides' schema changes. */
export interface SchemaPlan {
  /** Tables theirs created. */
  createTables: SchemaObject[];
  /** Tables only theirs changed, beyond added columns: rebuilt with theirs' definition. */
  rebuildTables: SchemaObject[];
  /** Columns theirs dropped (ours changed none of their cells), to drop with ALTER TABLE. */
  dropColumns: { table: string; column: string }[];
  /** Columns theirs appended to a table, to add with ALTER TABLE. */
  addColumns: { table: string; column: Column }[];
  /** Indexes and views to (re)create from theirs, after the rows are in. */
  createOthers: SchemaObject[];
  /** Tables theirs dropped that ours left as in base (definition and rows). */
  dropTables: string[];
  /** Indexes and views theirs dropped (ours unchanged), and ones theirs replaced. */
  dropOthers: SchemaObject[];
  /** The triggers the result must have; all are re-created after the rows are merged. */
  triggers: SchemaObject[];
  conflicts: SchemaConflict[];
  /** Rows whose cells a drop of theirs would lose (ours changed them): the drop is not made. */
  rowConflicts: ConflictRow[];
  /** Tables whose rows theirs may have changed: present in both ours (after the plan) and theirs. */
  rowTables: string[];
}

/** Compare base, ours (schema main) and theirs object by object, three-way. */
export function planSchema(db: SqlDb): SchemaPlan {
  const base = readSchema(db, "base");
  const ours = readSchema(db, "main");
  const theirs = readSchema(db, "theirs");
  const plan: SchemaPlan = {
    createTables: [],
    rebuildTables: [],
    addColumns: [],
    dropColumns: [],
    createOthers: [],
    dropOthers: [],
    dropTables: [],
    triggers: [],
    conflicts: [],
    rowConflicts: [],
    rowTables: [],
  };
  const names = [...new Set([...ours.keys(), ...theirs.keys(), ...base.keys()])].sort();
  const conflict = (name: string, reason: string) =>
    plan.conflicts.push({
      name,
      reason,
      base: base.get(name)?.sql ?? null,
      ours: ours.get(name)?.sql ?? null,
      theirs: theirs.get(name)?.sql ?? null,
    });
  const keepTrigger = new Map<string, SchemaObject>();
  for (const [n, o] of ours) if (o.type === "trigger") keepTrigger.set(n, o);
  for (const name of names) {
    const b = base.get(name);
    const o = ours.get(name);
    const t = theirs.get(name);
    const [nb, no, nt] = [normSql(b), normSql(o), normSql(t)];
    // Ours dropped a table whose rows theirs changed: the rows would be lost silently.
    if (!o && b?.type === "table" && t?.type === "table" && nt === nb && changedRows(db, name)) {
      conflict(
        name,
        `table ${name} was dropped on ours, and theirs changed its rows; it stays dropped`,
      );
      continue;
    }
    if (no === nt || nt === nb) continue; // same on both sides, or theirs did not change it
    const kind = (t ?? o ?? b)!.type;
    if (no === nb) {
      // Only theirs changed it: take theirs' change.
      if (!t) {
        // Ours left the table as in base: theirs' drop loses nothing (as Dolt merges it).
        if (kind === "table" && untouched(db, name)) plan.dropTables.push(name);
        else if (kind === "table")
          conflict(name, `table ${name} was dropped on theirs; ours keeps it and its rows`);
        else if (kind === "trigger") keepTrigger.delete(name);
        else plan.dropOthers.push(o!);
        continue;
      }
      if (!o) {
        if (t.type === "table") plan.createTables.push(t);
        else if (t.type === "trigger") keepTrigger.set(name, t);
        else plan.createOthers.push(t);
        continue;
      }
      if (t.type !== o.type) {
        conflict(name, `${name} is a ${o.type} in ours and a ${t.type} in theirs`);
        continue;
      }
      if (t.type === "trigger") keepTrigger.set(name, t);
      else if (t.type !== "table") {
        plan.dropOthers.push(o);
        plan.createOthers.push(t);
      } else {
        const bi = tableInfo(db, "base", name);
        const ti = tableInfo(db, "theirs", name);
        // A new primary key: the merge loop decides (rows cannot be matched across keys).
        if (bi.pk.join("\0") !== ti.pk.join("\0")) continue;
        const dropped = bi.columns
          .map((c) => c.name)
          .filter((c) => !ti.columns.some((x) => x.name === c));
        if (dropped.length) {
          // Theirs dropped columns whose cells ours changed: keep ours' definition, and say so.
          const lost = droppedColumnConflicts(db, name, "theirs", dropped);
          if (lost.length) {
            plan.rowConflicts.push(...lost);
            continue;
          }
        }
        const added = appendedColumns(bi, ti);
        if (added?.length)
          for (const column of added) plan.addColumns.push({ table: name, column });
        else plan.rebuildTables.push(t); // another one-sided change: ours' table becomes theirs'
      }
      continue;
    }
    // Ours changed it too, differently.
    if (kind === "table" && o && t && o.type === "table" && t.type === "table") {
      const ti = tableInfo(db, "theirs", name);
      const oi = tableInfo(db, "main", name);
      const bi = b?.type === "table" ? tableInfo(db, "base", name) : null;
      // Each side only dropped and added columns: both sides' drops and additions apply.
      const cT = bi ? columnChanges(bi, ti) : null;
      const cO = bi ? columnChanges(bi, oi) : null;
      if (cT && cO) {
        const have = new Map(cO.added.map((c) => [c.name, c]));
        const clash = cT.added.filter(
          (c) => have.has(c.name) && normCol(have.get(c.name)!) !== normCol(c),
        );
        if (!clash.length) {
          const drops = cT.dropped.filter((c) => !cO.dropped.includes(c));
          const lost = drops.length ? droppedColumnConflicts(db, name, "theirs", drops) : [];
          // A drop of theirs against ours' edits is not made: ours' values stay, as conflicts.
          plan.rowConflicts.push(...lost);
          if (!lost.length)
            for (const column of drops) plan.dropColumns.push({ table: name, column });
          for (const column of cT.added)
            if (!have.has(column.name)) plan.addColumns.push({ table: name, column });
          continue;
        }
      }
      conflict(
        name,
        `table ${name} was changed differently on both sides: ${describeTableDiff(oi, ti)}`,
      );
      continue;
    }
    if (!t && kind !== "table") continue; // theirs dropped what ours changed: keep ours'
    conflict(
      name,
      !o
        ? `${kind} ${name} was dropped on ours and changed on theirs; it stays dropped`
        : !t
          ? `${kind} ${name} was changed on ours and dropped on theirs; ours keeps it`
          : `${kind} ${name} was ${b ? "changed" : "created"} differently on both sides; ours is kept`,
    );
  }
  plan.triggers = [...keepTrigger.values()];
  const created = new Set(plan.createTables.map((t) => t.name));
  for (const [name, t] of theirs) {
    if (t.type !== "table") continue;
    if (created.has(name) || ours.get(name)?.type === "table") plan.rowTables.push(name);
  }
  return plan;
}

// True when ours holds exactly base's rows of a table whose definition it did not change.
function untouched(db: SqlDb, name: string): boolean {
  const [o, b] = [`main.${q(name)}`, `base.${q(name)}`];
  return !!db
    .prepare(
      `SELECT (SELECT count(*) FROM ${o}) = (SELECT count(*) FROM ${b}) AND NOT EXISTS (SELECT * FROM ${o} EXCEPT SELECT * FROM ${b}) AND NOT EXISTS (SELECT * FROM ${b} EXCEPT SELECT * FROM ${o})`,
    )
    .pluck()
    .get();
}

function normCol(c: Column): string {
  return JSON.stringify([c.type.toUpperCase(), c.notnull, c.dflt, c.pk]);
}
