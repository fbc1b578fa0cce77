import type { Column } from "../../records/columns/columnTypes.js";

/** Expected calibration error over equal-width probability bins, and how many rows it used. */
export interface Calibration {
  ece: number;
  rows: number;
}

const BINS = 10;

function labelOf(col: Column, i: number): number {
  if (col.kind === "num") {
    const v = col.values[i];
    return v === 0 || v === 1 ? v : Number.NaN;
  }
  const c = col.codes[i];
  if (c < 0) return Number.NaN;
  const s = col.dict[c].toLowerCase();
  return s === "1" || s === "true" ? 1 : s === "0" || s === "false" ? 0 : Number.NaN;
}

/** ECE = sum over bins of (rows in bin / rows) * |share of positives - mean probability|. */
export function calibration(prob: Column, label: Column): Calibration | null {
  if (prob.kind !== "num") return null;
  const n = new Float64Array(BINS);
  const conf = new Float64Array(BINS);
  const pos = new Float64Array(BINS);
  let rows = 0;
  for (let i = 0; i < prob.values.length; i++) {
    const p = prob.values[i];
    const y = labelOf(label, i);
    if (!(p >= 0 && p <= 1) || Number.isNaN(y)) continue;
    const b = Math.min(BINS - 1, Math.floor(p * BINS));
    n[b]++;
    conf[b] += p;
    pos[b] += y;
    rows++;
  }
  if (!rows) return null;
  let ece = 0;
  for (let b = 0; b < BINS; b++) if (n[b]) ece += Math.abs(pos[b] - conf[b]) / rows;
  return { ece, rows };
}
