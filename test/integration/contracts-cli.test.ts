import { describe, expect, it } from "vitest";
import { withRepo } from "../helpers/withRepo.js";

// mlbranch validate with Table Schemas (report by file, --json, exit codes 0/1/2) and
// mlbranch infer-schema, through the built CLI.

const SCHEMA = {
  fields: [
    { name: "id", type: "integer" },
    { name: "label", type: "string", constraints: { enum: ["cat", "dog"] } },
  ],
  primaryKey: "id",
};

describe("mlbranch validate and infer-schema with Table Schemas", () => {
  it("reports errors grouped by file, --json one object per error, exit 1; a broken schema exits 2", () =>
    withRepo((repo) => {
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: {
            "data/*.csv": { tableSchema: "schemas/items.json" },
            "data/*.jsonl": {
              tableSchema: "schemas/items.json",
              schema: "schemas/items.jsonschema.json",
            },
            "other/*.csv": { tableSchema: "schemas/broken.json" },
          },
        }),
      );
      repo.write("schemas/items.json", JSON.stringify(SCHEMA));
      repo.write(
        "schemas/items.jsonschema.json",
        JSON.stringify({ type: "object", required: ["id"] }),
      );
      repo.write("schemas/broken.json", JSON.stringify({ fields: [{ name: "a", type: "text" }] }));
      repo.write("data/good.csv", "id,label\n1,cat\n2,dog\n");
      repo.write("data/bad.csv", "id,label\n1,cat\n1,cow\n");
      repo.write("data/bad.jsonl", '{"id":1,"label":"cat"}\n{"label":"dog"}\n');
      repo.write("other/x.csv", "a\n1\n");

      expect(repo.mlbranch(["validate", "data/good.csv"]).code).toBe(0);
      const r = repo.mlbranch(["validate", "data/good.csv", "data/bad.csv", "data/bad.jsonl"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("data/bad.csv (Table Schema schemas/items.json): 2 errors");
      expect(r.stdout).toContain("  row 3, label: constraint-error:");
      expect(r.stdout).toContain(
        "  row 3, id: primary-key: the primary key (id) = (1) is also row 2's",
      );
      expect(r.stdout).toContain("  row 3, id: missing-cell");
      // The JSON Schema still applies to JSON Lines, beside the Table Schema.
      expect(r.stderr).toContain(
        "data/bad.jsonl line 2: (record) must have required property 'id'",
      );
      expect(r.stdout).not.toContain("good.csv");

      const j = repo.mlbranch(["validate", "--json", "data/bad.csv", "data/bad.jsonl"]);
      expect(j.code).toBe(1);
      const out = JSON.parse(j.stdout);
      expect(out.ok).toBe(false);
      expect(out.errors).toEqual([
        {
          file: "data/bad.csv",
          row: 3,
          field: "label",
          type: "constraint-error",
          message: expect.any(String),
        },
        {
          file: "data/bad.csv",
          row: 3,
          field: "id",
          type: "primary-key",
          message: expect.any(String),
        },
        {
          file: "data/bad.jsonl",
          row: 3,
          field: "id",
          type: "missing-cell",
          message: 'the record has no "id"',
        },
      ]);

      const b = repo.mlbranch(["validate", "other/x.csv"]);
      expect(b.code).toBe(2);
      expect(b.stderr).toContain(
        'schemas/broken.json: fields[0] (a).type: "text" is not a Table Schema type',
      );
      expect(b.stderr).not.toMatch(/at .*\.js:\d+/);
      const bj = repo.mlbranch(["validate", "--json", "other/x.csv"]);
      expect(bj.code).toBe(2);
      expect(JSON.parse(bj.stdout).schemaProblems[0]).toContain("is not a Table Schema type");
      expect(bj.stderr).toContain("schemas/broken.json");
      // A pattern that can backtrack catastrophically is refused (safe-regex2, bundled lazily).
      repo.write(
        "schemas/broken.json",
        JSON.stringify({ fields: [{ name: "a", constraints: { pattern: "(a+)+$" } }] }),
      );
      const p = repo.mlbranch(["validate", "other/x.csv"]);
      expect(p.code).toBe(2);
      expect(p.stderr).toContain("can backtrack catastrophically");
    }));

  it("infer-schema writes a schema the data passes, with types, required and enums", () =>
    withRepo((repo) => {
      const rows = Array.from(
        { length: 30 },
        (_, i) =>
          `${i + 1},${i % 2 ? "cat" : "dog"},${i / 4},2024-01-${String((i % 28) + 1).padStart(2, "0")},${i % 3 ? "true" : "false"},${i % 5 ? `n${i}` : ""}`,
      );
      repo.write("data/items.csv", `id,label,score,day,flag,note\n${rows.join("\n")}\n`);
      const r = repo.mlbranch(["infer-schema", "data/items.csv", "--out", "schemas/items.json"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("wrote schemas/items.json: 6 fields from 30 rows");
      const schema = JSON.parse(repo.read("schemas/items.json"));
      expect(schema.fields).toEqual([
        { name: "id", type: "integer", constraints: { required: true } },
        { name: "label", type: "string", constraints: { required: true, enum: ["cat", "dog"] } },
        { name: "score", type: "number", constraints: { required: true } },
        { name: "day", type: "date", constraints: { required: true } },
        { name: "flag", type: "boolean", constraints: { required: true } },
        { name: "note", type: "string" },
      ]);
      expect(
        repo.mlbranch(["infer-schema", "data/items.csv", "--out", "schemas/items.json"]).code,
      ).toBe(2);
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: { "data/*.csv": { tableSchema: "schemas/items.json" } },
        }),
      );
      expect(repo.mlbranch(["validate", "data/items.csv"]).code).toBe(0);
      const s = repo.mlbranch(["infer-schema", "data/items.csv"]);
      expect(JSON.parse(s.stdout)).toEqual(schema);
    }));
});
