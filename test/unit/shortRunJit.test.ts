import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The compiled module (npm run build): run in a child Node so the flag it turns is that
// process's, and --trace-opt shows which tiers compile a hot loop afterwards.
const mod = join(dirname(fileURLToPath(import.meta.url)), "../../dist/src/io/shortRunJit.js");

function tiers(v8Version: string): string {
  const script = `
    const { shortRunJit } = await import(${JSON.stringify(mod)});
    shortRunJit(${JSON.stringify(v8Version)});
    function hot(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
    let t = 0; for (let k = 0; k < 200; k++) t += hot(200000);
    console.log(t);`;
  const r = spawnSync(process.execPath, ["--trace-opt", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe("shortRunJit", () => {
  it("leaves TurboFan out on V8 13+ and keeps it on older V8", () => {
    expect(tiers("12.4.254.21")).toMatch(/TURBOFAN/);
    expect(tiers("13.6.233.10")).not.toMatch(/TURBOFAN/);
  });
});
