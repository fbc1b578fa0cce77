// Synthetic tables for the data benchmarks: n rows, 18 numeric + 2 categorical features, seeded.
import { writeFileSync } from "node:fs";
import { Prng } from "../dist/src/data/prng.js";

/** Write a JSONL table of n rows; shift moves the numeric means (0 for no drift). */
export function writeTable(file, n, seed, shift = 0) {
  const rng = new Prng(seed);
  const cats = ["red", "green", "blue", "cyan", "magenta"];
  const parts = [];
  for (let i = 0; i < n; i++) {
    let s = `{"id":${i}`;
    for (let f = 0; f < 18; f++)
      s += `,"f${f}":${(rng.normal() * (1 + f) + shift + f * 10).toFixed(4)}`;
    s += `,"c0":"${cats[rng.int(5)]}","c1":"k${rng.int(40)}"}`;
    parts.push(s);
  }
  writeFileSync(file, `${parts.join("\n")}\n`);
}

if (process.argv[2])
  writeTable(
    process.argv[2],
    Number(process.argv[3]),
    Number(process.argv[4] ?? 1),
    Number(process.argv[5] ?? 0),
  );
