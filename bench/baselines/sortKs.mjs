// Baseline: the textbook drift check: JSON.parse rows, then exact two-sample KS by sorting,
// for every numeric feature (no PSI, outliers or calibration, so it does less than ours).
import { readFileSync } from "node:fs";

function columns(file) {
  const cols = new Map();
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  lines.forEach((line, i) => {
    const o = JSON.parse(line);
    for (const k in o) {
      if (typeof o[k] !== "number") continue;
      if (!cols.has(k)) cols.set(k, new Float64Array(lines.length));
      cols.get(k)[i] = o[k];
    }
  });
  return cols;
}

function ks(a, b) {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

const ref = columns(process.argv[2]);
const cur = columns(process.argv[3]);
let max = 0;
for (const [k, a] of ref) if (k !== "id" && cur.has(k)) max = Math.max(max, ks(a, cur.get(k)));
console.log(max.toFixed(4));
