import { describe, expect, it } from "vitest";
import { mergeSides } from "../helpers/mergeDrivers.js";
import { withRepo } from "../helpers/withRepo.js";

const J = "data/ids.jsonl";

describe("exact record identity under real git merge", () => {
  it("jsonl: ids that are one double but two numbers are two records", () =>
    withRepo((repo) => {
      const base = '{"id":1}\n';
      const r = mergeSides(
        repo,
        J,
        base,
        `${base}{"id":9007199254740993}\n`,
        `${base}{"id":9007199254740992}\n`,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(`${base}{"id":9007199254740993}\n{"id":9007199254740992}\n`);
    }));

  it("jsonl: 1 and 1.0000000000000001 differ; 1.0 and 1 are one value", () =>
    withRepo((repo) => {
      const r = mergeSides(
        repo,
        J,
        "",
        '{"x":1}\n{"y":2.50}\n',
        '{"x":1.0000000000000001}\n{"y":2.5}\n',
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe('{"x":1}\n{"y":2.50}\n{"x":1.0000000000000001}\n');
    }));

  it("jsonl keyed, appendOnly false: an edit of a record whose id is past 2^53 is applied", () =>
    withRepo((repo) => {
      const base = '{"id":9007199254740993,"v":1}\n{"id":9007199254740992,"v":1}\n';
      const r = mergeSides(
        repo,
        J,
        base,
        `${base}{"id":5,"v":0}\n`,
        '{"id":9007199254740993,"v":2}\n{"id":9007199254740992,"v":1}\n',
        { files: { [J]: { key: ["id"], appendOnly: false } } },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(
        '{"id":9007199254740993,"v":2}\n{"id":9007199254740992,"v":1}\n{"id":5,"v":0}\n',
      );
    }));

  it("json array: an element equal as a double to ours' is still appended, digits kept", () =>
    withRepo((repo) => {
      const r = mergeSides(
        repo,
        "data/list.json",
        "[1]\n",
        "[1, 9007199254740993]\n",
        "[1, 9007199254740992]\n",
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe("[1, 9007199254740993, 9007199254740992]\n");
    }));

  it("json object: a change past 2^53 on one side is taken, not mistaken for no change", () =>
    withRepo((repo) => {
      const base = '{\n  "seed": 9007199254740993,\n  "lr": 0.1\n}\n';
      const r = mergeSides(
        repo,
        "data/conf.json",
        base,
        '{\n  "seed": 9007199254740993,\n  "lr": 0.2\n}\n',
        '{\n  "seed": 9007199254740992,\n  "lr": 0.1\n}\n',
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.text).lr).toBe(0.2);
      expect(r.text).toContain('"seed": 9007199254740992');
    }));

  it("csv keys are compared as text: 9007199254740993 and ...992 are two rows", () =>
    withRepo((repo) => {
      const base = "id,v\n1,a\n";
      const r = mergeSides(
        repo,
        "data/t.csv",
        base,
        `${base}9007199254740993,x\n`,
        `${base}9007199254740992,x\n`,
        { files: { "data/t.csv": { key: ["id"] } } },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.text).toBe(`${base}9007199254740993,x\n9007199254740992,x\n`);
    }));

  it("100,000 levels of nesting: a named error with file and line, both sides kept", () =>
    withRepo((repo) => {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      const r = mergeSides(repo, J, '{"a":1}\n', '{"a":1}\n{"b":2}\n', `{"a":1}\n${deep}\n`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/data\/ids\.jsonl/);
      expect(r.stderr).toMatch(/theirs line 2: nested deeper than 1000 levels/);
      expect(r.stderr).not.toMatch(/Maximum call stack/);
      expect(r.text).toContain('{"b":2}');
      expect(r.text).toContain(deep);
    }));

  it("json: 100,000 levels of nesting name the file and line", () =>
    withRepo((repo) => {
      const deep = `{"a":\n${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`;
      const r = mergeSides(repo, "data/x.json", '{"a":1}\n', '{"a":2}\n', deep);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/data\/x\.json/);
      expect(r.stderr).toMatch(/theirs line 2: nested deeper than 1000 levels/);
      expect(r.stderr).not.toMatch(/Maximum call stack/);
    }));
});
