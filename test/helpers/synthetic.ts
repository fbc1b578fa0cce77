import { Prng } from "../../src/data/prng.js";

/** Options for a synthetic table: which known shift to apply (none by default). */
export interface Shift {
  mean?: number;
  scale?: number;
  newCategory?: number;
  miscalibrate?: number;
  outliers?: number;
}

/**
 * n JSONL rows with a seeded PRNG: x (normal), income (log-normal), age (integer), color
 * (categorical), probability and label (calibrated unless shifted).
 */
export function syntheticJsonl(n: number, seed: number, shift: Shift = {}): string {
  const rng = new Prng(seed);
  const colors = ["red", "green", "blue", "grey"];
  const weights = [0.4, 0.3, 0.2, 0.1];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    let x = rng.normal() * (shift.scale ?? 1) + (shift.mean ?? 0);
    if (shift.outliers && rng.next() < shift.outliers) x = 12 + rng.next();
    const income = Math.exp(10 + 0.5 * rng.normal());
    const age = 18 + Math.floor(rng.next() * 60);
    let color = "grey";
    if (shift.newCategory && rng.next() < shift.newCategory) color = "purple";
    else {
      let u = rng.next();
      for (let k = 0; k < colors.length; k++) {
        u -= weights[k];
        if (u < 0) {
          color = colors[k];
          break;
        }
      }
    }
    const p = rng.next();
    // Miscalibrated: the true positive rate is p shifted down, so predictions are overconfident.
    const truth = Math.min(1, Math.max(0, p - (shift.miscalibrate ?? 0)));
    const label = rng.next() < truth ? 1 : 0;
    lines.push(
      JSON.stringify({ id: `${seed}-${i}`, x, income, age, color, probability: p, label }),
    );
  }
  return `${lines.join("\n")}\n`;
}
