import { firstFew, P } from "./common.js";

// Roles like "ours (%A)" are merge inputs: then nothing was merged.
const merged = (role: string) =>
  role.includes("(%") ? " Nothing was merged; ours is unchanged." : "";

/** Messages of the SQLite merge driver and its commands. */
export const sqliteMsg = {
  unreadable: (role: string, path: string, why: string) =>
    `${P} cannot read ${role} at ${path} as an SQLite database: ${why}.${merged(role)}`,
  notSqlite: (role: string, path: string, why: string) =>
    `${P} ${role} at ${path} is not an SQLite database (${why}).${merged(role)} ` +
    `If this path is not a database, drop its merge=mlbranch-sqlite line in .gitattributes; otherwise restore a good copy (git checkout --ours/--theirs -- <path>).`,
  corrupt: (role: string, path: string, why: string) =>
    `${P} ${role} at ${path} is a damaged SQLite database (${why}).${merged(role)} ` +
    `Repair it (sqlite3 <file> ".recover") or take one side (git checkout --ours -- <path>), then commit.`,
  lfsMissing: (path: string, role: string) =>
    `${P} ${path} is stored with Git LFS and the ${role} version's content is not available locally. ` +
    `Run \`git lfs fetch --all\` (or git lfs pull), then merge again. Nothing was merged; ours is unchanged.`,
  pkChanged: (table: string, base: string[] | null, ours: string[], theirs: string[]) =>
    `the primary key of table ${table} changed: base (${base?.join(", ") ?? "no table"}), ours (${ours.join(", ")}), theirs (${theirs.join(", ")}); ` +
    `rows cannot be matched across keys, so ours' table is kept and theirs' whole table is kept beside it (mlbranch_theirs_${table}): ` +
    `\`mlbranch resolve --theirs\` takes theirs' table, \`--ours\` drops it`,
  noEngine: (why: string[]) =>
    `${P} no SQLite engine could be loaded (${why.join("; ")}). ` +
    `Install one: \`npm install --save-dev better-sqlite3@12\`, or run git with Node >= 22.13, whose node:sqlite needs no native build (Node 24 recommended).`,
  unknownEngine: (name: string) =>
    `${P} unknown SQLite engine "${name}" (MLBRANCH_SQLITE_ENGINE): use node:sqlite or better-sqlite3.`,
  driverNoEngine: (path: string, theirsCopy: string, why: string) =>
    `${P} ${path} was not merged: ${why.replace(/^mlbranch: /, "")}\n` +
    `Nothing is lost: ${path} holds ours unchanged and ${theirsCopy} holds theirs. After installing an engine, ` +
    `run \`git checkout -m -- ${path}\` to merge again with the driver, then delete ${theirsCopy}; ` +
    `or settle it by hand (git checkout --ours/--theirs -- ${path}).`,
  cellsClash: (cols: string[]) =>
    `both sides changed column${cols.length === 1 ? "" : "s"} ${cols.join(", ")} of this row to different values`,
  pkInsertClash: (table: string, why: string) =>
    `the primary key of table ${table} changed on one side and the other side inserted this row, which the new key cannot take (${why}); the changed table is kept without it, the row is here`,
  pkInsertLosesColumn: (table: string, inserter: string, cols: string[]) =>
    `the primary key of table ${table} changed on one side, which also dropped column${cols.length === 1 ? "" : "s"} ${cols.join(", ")}; ${inserter} inserted this row with a value there, which would be lost; the row is here`,
  droppedEdited: (dropper: "ours" | "theirs", cols: string[]) =>
    `${dropper} dropped column${cols.length === 1 ? "" : "s"} ${cols.join(", ")}, and ${dropper === "ours" ? "theirs" : "ours"} changed ${cols.length === 1 ? "it" : "them"} in this row` +
    (dropper === "ours"
      ? "; the column stays dropped, theirs' row (with the value) is here"
      : "; ours' definition is kept, so ours' values stay"),
  droppedEditedTable: (table: string, dropper: "ours" | "theirs", cols: string[]) =>
    `${dropper} dropped column${cols.length === 1 ? "" : "s"} ${cols.join(", ")} of table ${table} (no primary key), and the other side changed ${cols.length === 1 ? "its" : "their"} values` +
    (dropper === "ours" ? "; the column stays dropped" : "; ours' definition is kept"),
  renameClash: (table: string, from: string, ours: string, theirs: string) =>
    `column ${from} of table ${table} was renamed to ${ours} on ours and to ${theirs} on theirs; ours' name is kept, theirs' changes to that column are not merged`,
  renameFailed: (table: string, from: string, to: string, why: string) =>
    `could not follow the rename of column ${from} to ${to} in table ${table}: ${why}`,
  fkViolation: (table: string, rowid: number | null, parent: string) =>
    `after the merge, row ${rowid ?? "?"} of ${table} refers to a row of ${parent} that the merged database does not have (PRAGMA foreign_key_check)`,
  shadowTable: (table: string) =>
    `${table} belongs to a virtual table (an FTS or R*Tree index), which the driver does not merge row by row; ours' is kept: re-insert theirs' rows through the virtual table if they are needed`,
  driverUsage: () =>
    `${P} usage: node sqlite.js <base %O> <ours %A> <theirs %B> [<marker size %L>] [<path %P>] (git runs this as a merge driver).`,
  conflicted: (path: string, n: number, tables: string[], details: string[] = []) =>
    `${P} ${path}: ${n} SQLite merge conflict${n === 1 ? "" : "s"} in ${tables.join(", ")}; ours and every non-conflicting change are merged, ` +
    `and each conflict is a row of the table mlbranch_conflicts. See them with \`mlbranch conflicts ${path}\`; ` +
    `settle them with \`mlbranch resolve ${path} --ours\` or \`--theirs\` [--table <name>], then git add and commit.` +
    (details.length
      ? `\n${firstFew(
          details.map((d) => d.slice(0, 400)),
          5,
        )}`
      : ""),
  textconvUsage: () => `${P} usage: node sqlite-textconv.js <database file>`,
  noConflicts: (db: string) => `${P} ${db} has no unresolved merge conflicts.`,
  resolved: (db: string, n: number, side: string, left: number) =>
    `${P} ${db}: ${n} conflict${n === 1 ? "" : "s"} settled with ${side}'s version` +
    (left
      ? `; ${left} remain (mlbranch conflicts ${db}).`
      : "; mlbranch_conflicts dropped. Now git add it and commit."),
  resolveNeedsSide: () => `${P} say which side wins: --ours or --theirs.`,
  dbMissing: (db: string) =>
    `${P} ${db} does not exist. Give the path of an SQLite database in this checkout.`,
  schemaKept: (n: number) =>
    `${P} ${n} conflict${n === 1 ? "" : "s"} without a row key (a schema difference or a foreign-key check) ${n === 1 ? "was" : "were"} closed as ${n === 1 ? "it is" : "they are"}: ours' schema and rows stay; change them by hand if theirs' were wanted.`,
};

/** Policy messages for SQLite databases (issue 5). */
export const sqliteRuleMsg = {
  conflictsLeft: (path: string, n: number) => ({
    text: `${path} still holds ${n} unresolved merge conflict${n === 1 ? "" : "s"} (table mlbranch_conflicts).`,
    fix: `look at them with \`mlbranch conflicts ${path}\`, settle them with \`mlbranch resolve ${path} --ours|--theirs\`, then git add '${path}'`,
  }),
  rowsLost: (
    path: string,
    table: string,
    n: number,
    from: string,
    branch: string,
    type: string,
  ) => ({
    text: `${path} is append-only on ${branch} (type ${type}), but ${n} row${n === 1 ? "" : "s"} of table ${table} that ${from} has ${n === 1 ? "is" : "are"} missing.`,
    fix: "rows of an append-only database are only ever added: redo the merge with the mlbranch-sqlite driver (git merge again after `npx install-ml-hooks`), or restore the missing rows",
  }),
  unreadable: (path: string, why: string) => ({
    text: `${path} could not be read as an SQLite database to check it: ${why}.`,
    fix: "commit a valid database (sqlite3 <file> 'PRAGMA integrity_check'), or fetch its LFS object (git lfs fetch)",
  }),
};
