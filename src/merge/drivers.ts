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
  {
    name: "mlbranch-csv",
    description: "mlbranch: append-merge CSV/TSV rows",
    mergeEntry: "dist/merge-drivers/csv.js",
  },
  {
    name: "mlbranch-lines",
    description: "mlbranch: append-merge line logs",
    mergeEntry: "dist/merge-drivers/lines.js",
  },
  {
    name: "mlbranch-json",
    description: "mlbranch: merge JSON arrays and objects",
    mergeEntry: "dist/merge-drivers/json.js",
  },
  {
    name: "mlbranch-theirs",
    description: "mlbranch: the incoming model wins",
    mergeEntry: "dist/merge-drivers/theirs.js",
  },
  {
    name: "mlbranch-sqlite",
    description: "mlbranch: three-way merge of SQLite tables",
    mergeEntry: "dist/merge-drivers/sqlite.js",
    textconvEntry: "dist/merge-drivers/sqlite-textconv.js",
  },
  {
    name: "mlbranch-ipynb",
    description: "mlbranch: three-way merge of Jupyter notebooks by cell",
    mergeEntry: "dist/merge-drivers/ipynb.js",
    textconvEntry: "dist/merge-drivers/ipynb-textconv.js",
  },
];

// What `git config merge.<name>.driver` runs when the entry (or anything it imports) cannot be
// loaded: node_modules gone after `git clean -fdx`, a linked worktree without one, a broken
// install. It must never leave ours alone (git would stage it on the next `git add`): git's text
// merge keeps both sides between markers (the sides verbatim for binary files) and exits 2.
// Self-contained and free of single quotes: it sits inside '...' in a shell command.
const FALLBACK = [
  "const [,,O,A,B,L,P]=process.argv;",
  "import(require('url').pathToFileURL(require('path').resolve(process.argv[1])).href)",
  ".catch(e=>{",
  "const cp=require('child_process'),fs=require('fs'),n=Number(L)||7;",
  "process.stderr.write('mlbranch: '+P+': the merge driver cannot load ('+String(e&&e.message||e).split(String.fromCharCode(10))[0]+'); both sides are left between conflict markers. Run npm install (or npx install-ml-hooks), then git checkout --merge -- '+P+' to merge again.'+String.fromCharCode(10));",
  "const r=cp.spawnSync('git',['merge-file','-L','ours','-L','base','-L','theirs','--marker-size='+n,A,O,B],{encoding:'utf8'});",
  "if(r.status===null||r.status>127||/binary/i.test(r.stderr||'')){",
  "const o=fs.readFileSync(A),t=fs.readFileSync(B),nl=b=>b.length&&b[b.length-1]!==10?String.fromCharCode(10):'',m=c=>c.repeat(n);",
  "fs.writeFileSync(A,Buffer.concat([Buffer.from(m('<')+' ours'+String.fromCharCode(10)),o,Buffer.from(nl(o)+m('=')+String.fromCharCode(10)),t,Buffer.from(nl(t)+m('>')+' theirs'+String.fromCharCode(10))]))}",
  "process.exitCode=2})",
]
  .join("")
  .replace(/'/g, '"');

/**
 * The shell command git runs for a merge driver: node imports the entry, and when that import
 * fails it falls back to a text merge that keeps both sides (exit 2). `entry` is relative to the
 * top of the work tree (git runs drivers there) or absolute; it must not contain a single quote.
 */
export function mergeCommand(entry: string, node = "node"): string {
  return `${node} -e '${FALLBACK}' ${entry} %O %A %B %L %P`;
}
