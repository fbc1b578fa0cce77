/** mulberry32: a tiny seeded PRNG, so every demo run builds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

// Per species: mean and sd of sepal length, sepal width, petal length (close to Fisher's iris).
const SPECIES: [string, number[], number[]][] = [
  ["setosa", [5.0, 3.4, 1.46], [0.35, 0.38, 0.17]],
  ["versicolor", [5.94, 2.77, 4.26], [0.52, 0.31, 0.47]],
  ["virginica", [6.59, 2.97, 5.55], [0.64, 0.32, 0.55]],
];

/** The CSV header of the demo data. */
export const IRIS_HEADER = "id,sepal_length,sepal_width,petal_length,petal_width,species";

/**
 * `n` iris-like rows from a seed: petal width depends linearly on the three other measurements,
 * so a linear model beats the mean. Every `badEvery`-th row has a missing value for cleaning.
 */
export function irisRows(seed: number, n: number, idPrefix: string, badEvery = 0): string[] {
  const rand = prng(seed);
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const [name, mu, sd] = SPECIES[i % 3];
    const [sl, sw, pl] = mu.map((m, j) => Math.max(0.1, m + sd[j] * normal(rand)));
    const pw = Math.max(
      0.1,
      -0.25 + 0.4 * pl + 0.3 * (sw - 3.0) - 0.1 * (sl - 5.8) + 0.08 * normal(rand),
    );
    const cells = [sl, sw, pl, pw].map((v) => v.toFixed(1));
    if (badEvery && i % badEvery === badEvery - 1) cells[1 + (i % 3)] = "";
    rows.push([`${idPrefix}-${String(i + 1).padStart(4, "0")}`, ...cells, name].join(","));
  }
  return rows;
}
