import { describe, expect, it } from "vitest";
import { runRule } from "../helpers/runRule.js";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// contracts: tables under a Table Schema (files[glob].tableSchema) hold to it; refuse on clean,
// split and stable, warn on raw, off on dev; appended files judged on their new rows with keys
// against the whole file; merges judged as what they bring onto the first parent.

const RULE = "contracts";
const SCHEMA = {
  fields: [
    { name: "id", type: "integer" },
    { name: "label", type: "string", constraints: { enum: ["cat", "dog"] } },
    { name: "team", type: "integer" },
  ],
  primaryKey: ["id"],
  foreignKeys: [{ fields: ["team"], reference: { resource: "data/teams.csv", fields: ["id"] } }],
};
const CONFIG = { version: 1, files: { "data/items.*": { tableSchema: "schemas/items.json" } } };

function setup(repo: Repo, branch = "clean"): void {
  repo.write("mlbranch.json", JSON.stringify(CONFIG));
  repo.write("schemas/items.json", JSON.stringify(SCHEMA));
  repo.commit("config");
  repo.git("checkout", "-q", "-b", branch);
  repo.write("data/teams.csv", "id,name\n1,red\n2,blue\n");
}

const staged = (repo: Repo) => {
  repo.git("add", "-A");
  return runRule(repo, RULE);
};

describe("contracts rule", () => {
  it("refuses a table that breaks its schema on clean, naming row, field and error type", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,cow,1\nx,dog,9\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({
        rule: RULE,
        severity: "error",
        path: "data/items.csv",
        type: "clean",
      });
      expect(v.message).toContain("3 errors");
      expect(v.message).toContain("row 3, label: constraint-error");
      expect(v.message).toContain("row 4, id: type-error");
      expect(v.message).toContain("row 4, team: foreign-key");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,dog,2\n");
      expect(await staged(repo)).toEqual([]);
    }));

  it("warns on raw, says nothing on dev, follows a type's own setting", () =>
    withRepo(async (repo) => {
      setup(repo, "raw");
      repo.write("data/items.jsonl", '{"id":1,"label":"cow","team":1}\n');
      repo.git("add", "-A");
      expect(await runRule(repo, RULE)).toMatchObject([
        { severity: "warning", path: "data/items.jsonl" },
      ]);
      expect(await runRule(repo, RULE, { branch: "dev/x" })).toEqual([]);
      const config = { ...CONFIG, types: { dev: { contracts: "refuse" } } };
      expect(await runRule(repo, RULE, { branch: "dev/x", config })).toMatchObject([
        { severity: "error" },
      ]);
    }));

  it("judges only appended rows, with the primary key against the whole file", () =>
    withRepo(async (repo) => {
      setup(repo);
      // An old bad row (committed without the hook) is not judged again.
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,cow,1\n");
      repo.commit("old rows");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,cow,1\n3,dog,2\n1,dog,2\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v.message).toContain("1 error in the appended rows");
      expect(v.message).toContain(
        "row 5, id: primary-key: the primary key (id) = (1) is also row 2's",
      );
    }));

  it("refuses a merge of two valid sides into a duplicate primary key, naming both rows", () =>
    withRepo(async (repo) => {
      setup(repo, "clean/main");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n");
      repo.commit("base");
      repo.git("checkout", "-q", "-b", "clean/b");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,dog,1\n");
      repo.commit("a adds id 2");
      repo.git("checkout", "-q", "clean/main");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,cat,2\n");
      repo.commit("clean adds id 2");
      expect(await runRule(repo, RULE, { range: "clean/main~1..clean/main" })).toEqual([]);
      expect(
        await runRule(repo, RULE, { range: "clean/main~1..clean/b", branch: "clean/main" }),
      ).toEqual([]);
      // The record merge keeps both records: what the csv driver writes.
      repo.tryGit("merge", "--no-commit", "clean/b");
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,cat,2\n2,dog,1\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v.message).toContain(
        "row 4, id: primary-key: the primary key (id) = (2) is also row 3's",
      );
      repo.git("commit", "-q", "--no-verify", "-m", "merge");
      const [w] = await runRule(repo, RULE, { commit: "HEAD" });
      expect(w.message).toContain("row 4, id: primary-key");
    }));

  it("refuses a broken schema with its path and problem, and re-checks tables when the schema changes", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,dog,2\n");
      repo.commit("items");
      repo.write("schemas/items.json", JSON.stringify({ ...SCHEMA, primaryKey: ["idd"] }));
      const [v] = await staged(repo);
      expect(v.message).toContain(
        'schemas/items.json: primaryKey: "idd" is not a field of this schema',
      );
      repo.write(
        "schemas/items.json",
        JSON.stringify({
          ...SCHEMA,
          fields: [
            SCHEMA.fields[0],
            { name: "label", constraints: { enum: ["cat"] } },
            SCHEMA.fields[2],
          ],
        }),
      );
      const [w, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(w).toMatchObject({ path: "data/items.csv", severity: "error" });
      expect(w.message).toContain("row 3, label: constraint-error");
    }));

  it("re-checks the tables whose foreign key names a table the commit changes or deletes", () =>
    withRepo(async (repo) => {
      setup(repo);
      repo.write("data/items.csv", "id,label,team\n1,cat,1\n2,dog,2\n");
      repo.commit("items and teams");
      repo.write("data/teams.csv", "id,name\n1,red\n");
      const [v, ...rest] = await staged(repo);
      expect(rest).toEqual([]);
      expect(v).toMatchObject({ path: "data/items.csv", severity: "error" });
      expect(v.message).toContain(
        "row 3, team: foreign-key: (team) = (2) is not a value of (id) in data/teams.csv",
      );
      repo.rm("data/teams.csv");
      const [w] = await staged(repo);
      expect(w.message).toContain("foreign key target data/teams.csv does not exist");
    }));
});
