// Baseline: a plain read + JSON.parse of every line of the given JSONL files, nothing else.
import { readFileSync } from "node:fs";

let rows = 0;
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line) {
      JSON.parse(line);
      rows++;
    }
  }
}
console.log(rows);
