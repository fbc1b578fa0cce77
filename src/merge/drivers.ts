/** A merge (and optionally diff) driver that mlbranch ships and the installer registers. */
export interface DriverSpec {
  /** The name in .gitattributes and git config: merge=<name>, diff=<name>. */
  name: string;
  /** Human name for `git config merge.<name>.name`. */
  description: string;
  /** Merge entry, relative to the package root; called as `node <entry> %O %A %B %L %P`. */
  mergeEntry: string;
  /** textconv entry for `git diff`, relative to the package root; called with one file path. */
  textconvEntry?: string;
}

/** Every driver, in the order the installer registers them. */
export const DRIVERS: DriverSpec[] = [
  {
    name: "mlbranch-jsonl",
    description: "mlbranch: append-merge JSON Lines records",
    mergeEntry: "dist/merge-drivers/jsonl.js",
    textconvEntry: "dist/merge-drivers/jsonl-textconv.js",
  },
  { name: "mlbranch-csv", description: "mlbranch: append-merge CSV/TSV rows", mergeEntry: "dist/merge-drivers/csv.js" },
  { name: "mlbranch-lines", description: "mlbranch: append-merge line logs", mergeEntry: "dist/merge-drivers/lines.js" },
  { name: "mlbranch-json", description: "mlbranch: merge JSON arrays and objects", mergeEntry: "dist/merge-drivers/json.js" },
  { name: "mlbranch-theirs", description: "mlbranch: the incoming model wins", mergeEntry: "dist/merge-drivers/theirs.js" },
  {
    name: "mlbranch-sqlite",
    description: "mlbranch: three-way merge of SQLite tables",
    mergeEntry: "dist/merge-drivers/sqlite.js",
    textconvEntry: "dist/merge-drivers/sqlite-textconv.js",
  },
];
