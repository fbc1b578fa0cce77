import { describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

const J = "data/labels.jsonl";
const C = "data/labels.csv";
const keyed = (file: string, extra = {}) => ({
  files: { [file]: { key: ["id"], appendOnly: false, ...extra } },
});

describe("keyed files with appendOnly false under real git merge", () => {
  it("jsonl: theirs' edit merges cleanly with ours' append: no duplicate key, no block", () =>
    withRepo((repo) => {
      const base = '{"id":1,"y":"cat"}\n{"id":2,"y":"dog"}\n';
      const r = mergeSides(
        repo,
        J,
        base,
        `${base}{"id":3,"y":"eel"}\n`,
        '{"id":1,"y":"cow"}\n{"id":2,"y":"dog"}\n',
        keyed(J),
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe('{"id":1,"y":"cow"}\n{"id":2,"y":"dog"}\n{"id":3,"y":"eel"}\n');
    }));

  it("csv: the same for rows", () =>
    withRepo((repo) => {
      const base = "id,y\n1,cat\n2,dog\n";
      const r = mergeSides(repo, C, base, `${base}3,eel\n`, "id,y\n1,cow\n2,dog\n", keyed(C));
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe("id,y\n1,cow\n2,dog\n3,eel\n");
    }));

  it("jsonl: different fields of one record changed on each side both apply", () =>
    withRepo((repo) => {
      const base = '{"id":9007199254740993,"y":"cat","w":1}\n';
      const r = mergeSides(
        repo,
        J,
        base,
        '{"id":9007199254740993,"y":"cow","w":1}\n',
        '{"id":9007199254740993,"y":"cat","w":2,"note":"checked"}\n',
        keyed(J),
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe('{"id":9007199254740993,"y":"cow","w":2,"note":"checked"}\n');
    }));

  it("csv: different cells of one row changed on each side both apply (quoting kept)", () =>
    withRepo((repo) => {
      const base = "id,y,w\n1,cat,1\n";
      const r = mergeSides(repo, C, base, 'id,y,w\n1,"c,ow",1\n', "id,y,w\n1,cat,2\n", keyed(C));
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe('id,y,w\n1,"c,ow",2\n');
    }));

  it("the same field changed differently is a conflict that keeps both rows", () =>
    withRepo((repo) => {
      const base = "id,y\n1,cat\n";
      const r = mergeSides(repo, C, base, "id,y\n1,cow\n", "id,y\n1,owl\n", keyed(C));
      expect(r.code).toBe(1);
      expect(r.text).toContain("1,cow");
      expect(r.text).toContain("1,owl");
    }));

  it('"cellwise": false: any record changed on both sides is a conflict', () =>
    withRepo((repo) => {
      const base = '{"id":1,"y":"cat","w":1}\n';
      const r = mergeSides(
        repo,
        J,
        base,
        '{"id":1,"y":"cow","w":1}\n',
        '{"id":1,"y":"cat","w":2}\n',
        keyed(J, { cellwise: false }),
      );
      expect(r.code).toBe(1);
      expect(r.text).toContain('{"id":1,"y":"cow","w":1}');
      expect(r.text).toContain('{"id":1,"y":"cat","w":2}');
    }));
});
