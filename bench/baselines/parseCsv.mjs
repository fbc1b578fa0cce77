// Baseline: a plain read of the given CSV files, split into lines and fields, every field through
// Number() (what a hand-written reader does first; no quotes, no columns kept).
import { readFileSync } from "node:fs";

let rows = 0;
let numbers = 0;
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    for (const f of lines[i].split(",")) if (!Number.isNaN(Number(f))) numbers++;
    rows++;
  }
}
console.log(rows, numbers);
