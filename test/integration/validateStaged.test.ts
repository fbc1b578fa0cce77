import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/merge/sqlite/openDatabase.js";
import { gitHooks, installHooks, linkPackage } from "../helpers/installed.js";
import { missing } from "../helpers/requires.js";
import { withRepo } from "../helpers/withRepo.js";

const schema = {
  type: "object",
  required: ["id", "label"],
  properties: { id: { type: "integer" }, label: { enum: ["cat", "dog"] } },
};

describe("staged data files (lint-staged entries)", () => {
  it.skipIf(missing("sqlite-engine"))(
    "validates JSONL against its schema, SQLite integrity, refuses -wal files; user config untouched",
    () =>
      withRepo((repo) => {
        repo.write("schemas/label.json", JSON.stringify(schema));
        repo.write(
          "mlbranch.json",
          JSON.stringify({
            version: 1,
            files: { "data/*.jsonl": { schema: "schemas/label.json" } },
          }),
        );
        repo.write(".lintstagedrc.json", JSON.stringify({ "*.py": "false" }));
        linkPackage(repo.dir);
        installHooks(repo);
        expect(JSON.parse(repo.read(".husky/lint-staged.mlbranch.json"))).toMatchObject({
          "data/*.jsonl": "mlbranch validate",
        });
        expect(repo.read(".lintstagedrc.json")).toBe(JSON.stringify({ "*.py": "false" }));
        repo.commit("setup");
        repo.git("checkout", "-q", "-b", "dev/data");

        repo.write(
          "data/labels.jsonl",
          '{"id": 1, "label": "cat"}\n{"id": "two", "label": "cow"}\n',
        );
        repo.git("add", "-A");
        const bad = gitHooks(repo, ["commit", "-m", "labels"]);
        expect(bad.code).not.toBe(0);
        expect(bad.stderr + bad.stdout).toContain("data/labels.jsonl line 2: /id must be integer");

        repo.write("data/labels.jsonl", '{"id": 1, "label": "cat"}\n{"id": 2, "label": "dog"}\n');
        repo.git("add", "-A");
        expect(gitHooks(repo, ["commit", "-q", "-m", "labels"]).code).toBe(0);

        const dbPath = join(repo.dir, "data", "f.sqlite");
        const db = openDatabase(dbPath);
        db.pragma("journal_mode = WAL");
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a');");
        repo.git("add", "-f", "data/f.sqlite", "data/f.sqlite-wal");
        const wal = gitHooks(repo, ["commit", "-m", "db with wal"]);
        db.close();
        expect(wal.code).not.toBe(0);
        expect(wal.stderr + wal.stdout).toContain(
          "data/f.sqlite-wal is a SQLite wal side file, never committed",
        );

        repo.git(
          "rm",
          "-q",
          "--cached",
          "--ignore-unmatch",
          "data/f.sqlite-wal",
          "data/f.sqlite-shm",
        );
        repo.git("add", "data/f.sqlite");
        expect(gitHooks(repo, ["commit", "-q", "-m", "db"]).code).toBe(0);

        repo.write(
          "data/broken.sqlite",
          Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(200, 7)]),
        );
        repo.git("add", "data/broken.sqlite");
        const broken = gitHooks(repo, ["commit", "-m", "broken db"]);
        expect(broken.code).not.toBe(0);
        expect(broken.stderr + broken.stdout).toContain("data/broken.sqlite");
      }),
  );

  it("mlbranch validate names a missing schema file", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, files: { "*.json": { schema: "nope.json" } } }),
      );
      repo.write("a.json", "{}");
      const r = repo.mlbranch(["validate", "a.json"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "a.json its schema nope.json (named in mlbranch.json) does not exist",
      );
    }));
});
