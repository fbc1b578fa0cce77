/** Messages of the records-well-formed rule: a record file its merge driver could not read. */
export const wellFormedMsg = {
  markers: (path: string, line: number | string) => ({
    text: `${path} holds conflict markers (line ${line}: <<<<<<<): a merge was committed unresolved, and the next merge of this file would stop on it.`,
    fix: `merge the file again with its driver (npm install or npx install-ml-hooks, then git checkout --merge -- '${path}'), or edit it by hand keeping both sides' records and deleting the <<<<<<< ======= >>>>>>> lines; then git add '${path}'`,
  }),
  malformed: (path: string, driver: string, line: number | string, detail: string) => ({
    text: `${path} line ${line} ${detail}: the ${driver} merge driver cannot read this file, so its next merge would stop.`,
    fix: /UTF-8/.test(detail)
      ? `the ${driver} merge driver reads UTF-8 text only: convert the file (e.g. iconv -f latin1 -t utf-8 '${path}' > converted, if it is Latin-1), or stop merging it record by record (files["<glob>"].merge: "text" or "theirs" in mlbranch.json); then git add '${path}'`
      : /NUL byte/.test(detail)
        ? `line ${line} of ${path} holds binary data: commit binary files with Git LFS (git lfs track), or remove the bytes; then git add '${path}'`
        : fixFor(path, driver, line),
  }),
  tooLarge: (path: string, size: number, max: number) => ({
    text: `${path} was not checked for conflict markers and malformed lines: at ${(size / 2 ** 20).toFixed(0)} MiB it is larger than this check reads whole (${max / 2 ** 20} MiB); later appends to it are checked line by line.`,
    fix: `check it before it is shared (mlbranch validate '${path}' on a machine with the memory for it), or deliver it in smaller files`,
  }),
  recordTooLong: (path: string, driver: string, line: string, max: number) => ({
    text: `${path} line ${line} is longer than ${max / 2 ** 20} MiB (no record ends within it): the ${driver} merge driver holds a record in memory, so one this long would stop its merges (and is most often a missing newline or an unclosed quote).`,
    fix: `end each record with a newline (and close every quoted field), or stop merging ${path} record by record (files["<glob>"].merge: "text" or "theirs" in mlbranch.json); then git add '${path}'`,
  }),
  sqliteUnchecked: (path: string) => ({
    text: `${path}: its SQLite integrity could not be checked here: no SQLite engine (node:sqlite needs Node >= 22.13; on Node 20, better-sqlite3).`,
    fix: "run the check where Node >= 22.13 is installed (or npm install --save-dev better-sqlite3@12)",
  }),
  sqlite: (path: string, detail: string) => ({
    text: `${path} is not a sound SQLite database (${detail}): its merges and checks cannot read it.`,
    fix: `commit the database closed and checkpointed (PRAGMA wal_checkpoint(TRUNCATE)); to repair it, sqlite3 '${path}' '.recover' | sqlite3 repaired.db, or take the last good version (git restore --source=HEAD --staged --worktree -- '${path}'); then git add '${path}'`,
  }),
};

function fixFor(path: string, driver: string, line: number | string): string {
  const edit = `edit line ${line} of ${path}`;
  const then = `then git add '${path}'`;
  if (driver === "jsonl")
    return `${edit} so it holds one JSON value (one record per line), ${then}`;
  if (driver === "csv")
    return `${edit} so it has as many fields as the header: quote a field that holds the separator, a quote or a newline ("a,b"; a quote inside is doubled: ""), ${then}`;
  if (driver === "json") return `${edit} so the file is one JSON document, ${then}`;
  return `${edit}, ${then}`;
}
