import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT, run } from "../helpers/withRepo.js";

// The two-part contracts check waits for its worker; a worker that cannot even load must leave
// the one-pass report standing and the process alive, never end it with a stack trace.
describe("contracts, two parts, the worker fails", () => {
  it("falls back to the one-pass report and exits 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlbranch-worker-fails-"));
    try {
      cpSync(join(PROJECT_ROOT, "dist", "src"), join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
      const contracts = join(dir, "src", "quality", "contracts");
      writeFileSync(join(contracts, "contractsWorker.js"), 'throw new Error("planted");\n');
      let csv = "id,v\n";
      for (let i = 0; i < 2000; i++) csv += `${i % 1500},${i}\n`;
      writeFileSync(join(dir, "t.csv"), csv);
      writeFileSync(
        join(dir, "run.mjs"),
        `import { validateTable } from "./src/quality/contracts/validateTable.js";
import { compileTableSchema } from "./src/quality/contracts/schema.js";
const schema = compileTableSchema(JSON.stringify({
  fields: [{ name: "id", type: "integer" }, { name: "v", type: "integer" }], primaryKey: "id" }), "s.json");
const r = validateTable({ schema, format: "csv", data: { file: "t.csv" }, readRef: () => null,
  parallelFrom: Number(process.argv[2]) });
setTimeout(() => console.log(JSON.stringify(r)), 200);
`,
      );
      const env = { ...process.env, MLBRANCH_CONTRACTS_PARALLEL: "1" };
      const split = run(process.execPath, ["run.mjs", "1"], dir, { env });
      const whole = run(process.execPath, ["run.mjs", String(1 << 30)], dir, { env });
      expect(whole.code).toBe(0);
      expect(JSON.parse(whole.stdout).errors).toHaveLength(500);
      expect(split.stderr).not.toContain("planted");
      expect(split.code).toBe(0);
      expect(split.stdout).toBe(whole.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
