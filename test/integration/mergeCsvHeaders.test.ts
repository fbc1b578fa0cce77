import { describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

const C = "data/rows.csv";

describe("csv headers merge by column name under real git merge", () => {
  it("a column added on theirs: ours' rows get an empty cell, theirs' rows keep their values", () =>
    withRepo((repo) => {
      const base = "id,y\n1,cat\n";
      const r = mergeSides(repo, C, base, `${base}2,dog\n`, "id,y,src\n1,cat,\n3,eel,lab\n");
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe("id,y,src\n1,cat,\n2,dog,\n3,eel,lab\n");
    }));

  it("columns reordered on theirs: theirs' rows follow ours' order", () =>
    withRepo((repo) => {
      const base = "id,y\n1,cat\n";
      const r = mergeSides(repo, C, base, `${base}2,dog\n`, 'y,id\ncat,1\n"e,el",3\n');
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe('id,y\n1,cat\n2,dog\n3,"e,el"\n');
    }));

  it("a UTF-8 BOM on one side is not a header change", () =>
    withRepo((repo) => {
      const base = "id,y\n1,cat\n";
      const r = mergeSides(repo, C, base, `\uFEFF${base}2,dog\n`, `${base}3,eel\n`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(`\uFEFF${base}2,dog\n3,eel\n`);
    }));

  it("a column dropped on ours while theirs adds rows with values in it: both sides kept", () =>
    withRepo((repo) => {
      const base = "id,y,note\n1,cat,\n";
      const r = mergeSides(repo, C, base, "id,y\n1,cat\n", `${base}2,dog,important\n`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/column note was dropped on ours, but theirs line 3 writes a value/);
      expect(r.text).toContain("2,dog,important");
      expect(r.text).toContain("id,y\n");
    }));

  it("a column dropped on ours with no new values in it on theirs: dropped", () =>
    withRepo((repo) => {
      const base = "id,y,note\n1,cat,old\n";
      const r = mergeSides(repo, C, base, "id,y\n1,cat\n", `${base}2,dog,\n`);
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe("id,y\n1,cat\n2,dog\n");
    }));
});
