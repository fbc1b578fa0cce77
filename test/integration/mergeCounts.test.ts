import { describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

const J = "data/events.jsonl";
const x = '{"e":"x"}\n';
const y = '{"e":"y"}\n';

describe("copies are counted under real git merge", () => {
  it("jsonl: theirs appends a third identical copy: three are kept", () =>
    withRepo((repo) => {
      const r = mergeSides(repo, J, x + x, x + x + y, x + x + x);
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(x + x + y + x);
    }));

  it("jsonl: both sides pulled the same delivery: one copy; the larger addition wins", () =>
    withRepo((repo) => {
      const r = mergeSides(repo, J, "", x + y, x + y + y);
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(x + y + y);
    }));

  it("csv: a second copy of a row is kept", () =>
    withRepo((repo) => {
      const base = "a,b\n1,2\n";
      const r = mergeSides(repo, "data/t.csv", base, `${base}3,4\n`, `${base}1,2\n`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(`${base}3,4\n1,2\n`);
    }));

  it("lines: identical lines are records too", () =>
    withRepo((repo) => {
      const f = "mlruns/0/r/metrics/loss";
      const r = mergeSides(repo, f, "1 0.5 0\n", "1 0.5 0\n2 0.4 1\n", "1 0.5 0\n1 0.5 0\n");
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe("1 0.5 0\n2 0.4 1\n1 0.5 0\n");
    }));

  it("appendOnly false: theirs removes one of two copies, ours appends: one copy left", () =>
    withRepo((repo) => {
      const r = mergeSides(repo, J, x + x + y, x + x + y + y, x + y, {
        files: { [J]: { appendOnly: false } },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(x + y + y);
    }));

  it("append-only: removing one of two copies is a conflict that keeps both sides", () =>
    withRepo((repo) => {
      // Append-only set for the path (branches a and b have no type that makes it so).
      const r = mergeSides(repo, J, x + x, x + x + y, x, { files: { [J]: { appendOnly: true } } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/copy removed on theirs, but the file is append-only/);
      expect(r.text.split(x).length - 1).toBe(2);
      expect(r.text).toContain(y);
    }));
});
