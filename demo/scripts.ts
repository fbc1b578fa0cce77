// The files a person would write in the demo repository (or next to it, for branches that
// hold no code). Plain JavaScript that runs with node and no packages.

const READ_CSV = `import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
const FEATURES_ALL = ["sepal_length", "sepal_width", "petal_length"];
function readCsv(file) {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\\n");
  const cols = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v])));
}
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args.splice(i, 2)[1]; };
const saveDir = flag("--save");
const ridge = Number(flag("--ridge") ?? 0);
const [trainFile, testFile] = args;
const train = readCsv(trainFile);
const test = testFile ? readCsv(testFile) : train;
const y = (r) => Number(r.petal_width);
const rmse = (rows, f) => Math.sqrt(rows.reduce((s, r) => s + (f(r) - y(r)) ** 2, 0) / rows.length);
`;

const SAVE = `const metrics = { rmse: Number(rmse(test, predict).toFixed(4)), rmse_train: Number(rmse(train, predict).toFixed(4)), n_train: train.length, n_test: test.length };
console.log(model.kind + ": rmse " + metrics.rmse + " on " + (testFile ? "the test split" : "the training data") + " (" + train.length + " training rows)");
if (saveDir) {
  mkdirSync(saveDir, { recursive: true });
  writeFileSync(saveDir + "/model.json", JSON.stringify(model, null, 2) + "\\n");
  writeFileSync(saveDir + "/metrics.json", JSON.stringify(metrics, null, 2) + "\\n");
  console.log("saved " + saveDir + "/model.json and " + saveDir + "/metrics.json");
}
`;

/** train.mjs, first version on dev: the mean of the training targets. */
export const TRAIN_MEAN = `${READ_CSV}// Baseline: predict the mean petal width.
const mean = train.reduce((s, r) => s + y(r), 0) / train.length;
const model = { kind: "mean baseline", features: [], intercept: mean, coef: [] };
const predict = () => mean;
${SAVE}`;

/** train.mjs, second version: least squares on petal length. */
export const TRAIN_LINEAR1 = `${READ_CSV}// Linear regression on petal length (closed-form least squares).
const xs = train.map((r) => Number(r.petal_length));
const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
const my = train.reduce((s, r) => s + y(r), 0) / train.length;
let sxy = 0, sxx = 0;
train.forEach((r, i) => { sxy += (xs[i] - mx) * (y(r) - my); sxx += (xs[i] - mx) ** 2; });
const slope = sxy / sxx;
const model = { kind: "linear regression", features: ["petal_length"], intercept: my - slope * mx, coef: [slope] };
const predict = (r) => model.intercept + slope * Number(r.petal_length);
${SAVE}`;

/** train.mjs, third version: least squares on all three measurements, optional ridge penalty. */
export const TRAIN_LINEAR3 = `${READ_CSV}// Linear regression on all three measurements: solve (X'X + ridge*I) w = X'y.
const X = train.map((r) => [1, ...FEATURES_ALL.map((f) => Number(r[f]))]);
const k = X[0].length;
const A = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => X.reduce((s, x) => s + x[i] * x[j], 0) + (i === j && i > 0 ? ridge : 0)));
const b = Array.from({ length: k }, (_, i) => X.reduce((s, x, n) => s + x[i] * y(train[n]), 0));
for (let c = 0; c < k; c++) {
  const p = A.reduce((best, row, r) => (r >= c && Math.abs(row[c]) > Math.abs(A[best][c]) ? r : best), c);
  [A[c], A[p]] = [A[p], A[c]]; [b[c], b[p]] = [b[p], b[c]];
  for (let r = 0; r < k; r++) {
    if (r === c) continue;
    const f = A[r][c] / A[c][c];
    for (let j = c; j < k; j++) A[r][j] -= f * A[c][j];
    b[r] -= f * b[c];
  }
}
const w = b.map((v, i) => v / A[i][i]);
const model = { kind: ridge ? "ridge regression" : "linear regression", features: FEATURES_ALL, intercept: w[0], coef: w.slice(1), ridge };
const predict = (r) => model.intercept + FEATURES_ALL.reduce((s, f, i) => s + model.coef[i] * Number(r[f]), 0);
${SAVE}`;

/** clean.mjs on the clean branch: drop rows with a missing or non-positive measurement. */
export const CLEAN = `import { readFileSync, writeFileSync } from "node:fs";
const [head, ...rows] = readFileSync("data/iris.csv", "utf8").trim().split("\\n");
const ok = rows.filter((r) => r.split(",").slice(1, 5).every((v) => v !== "" && Number(v) > 0));
writeFileSync("data/iris.csv", [head, ...ok].join("\\n") + "\\n");
console.log("kept " + ok.length + " of " + rows.length + " rows");
`;

/** split.mjs, kept outside the repository (split branches hold no code): a hash of the id decides. */
export const SPLIT = `import { readFileSync, writeFileSync, rmSync } from "node:fs";
const [head, ...rows] = readFileSync("data/iris.csv", "utf8").trim().split("\\n");
const hash = (s) => [...s].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
const test = rows.filter((r) => hash(r.split(",")[0]) % 5 === 0);
const train = rows.filter((r) => hash(r.split(",")[0]) % 5 !== 0);
writeFileSync("data/train.csv", [head, ...train].join("\\n") + "\\n");
writeFileSync("data/test.csv", [head, ...test].join("\\n") + "\\n");
rmSync("data/iris.csv");
console.log("train " + train.length + " rows, test " + test.length + " rows (an id's split is fixed by its hash)");
`;

/** predict.mjs, outside the repository: serve a tagged model on production queries. */
export const PREDICT = `import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
const [tag, file] = process.argv.slice(2);
const model = JSON.parse(execFileSync("git", ["show", tag + ":models/model.json"], { encoding: "utf8" }));
const [head, ...rows] = readFileSync(file, "utf8").trim().split("\\n");
const cols = head.split(",");
for (const line of rows) {
  const r = Object.fromEntries(line.split(",").map((v, i) => [cols[i], v]));
  const prediction = model.intercept + model.features.reduce((s, f, i) => s + model.coef[i] * Number(r[f]), 0);
  console.log(JSON.stringify({ id: r.id, model_tag: tag, prediction: Number(prediction.toFixed(3)) }));
}
`;
