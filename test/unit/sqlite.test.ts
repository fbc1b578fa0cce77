import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readHeader } from "../../src/merge/sqlite/header.js";
import type { TableInfo } from "../../src/merge/sqlite/schema.js";
import { appendedColumns, describeTableDiff } from "../../src/merge/sqlite/schemaDiff.js";
import { fileSettingsFor } from "../../src/merge/sqlite/settings.js";
import { fromJsonValue, sameValue, toJsonValue } from "../../src/merge/sqlite/sql.js";
import { parentsFirst } from "../../src/merge/sqlite/tableOrder.js";
import { tableSettings } from "../../src/merge/sqlite/tableSettings.js";

const col = (name: string, type = "TEXT", pk = 0) => ({
  name,
  type,
  notnull: false,
  dflt: null,
  pk,
});
const table = (
  name: string,
  cols: ReturnType<typeof col>[],
  fks: TableInfo["fks"] = [],
): TableInfo => ({
  name,
  columns: cols,
  pk: cols.filter((c) => c.pk).map((c) => c.name),
  withoutRowid: false,
  virtual: false,
  shadow: false,
  fks,
});

describe("SQLite values", () => {
  it("round-trips blobs, 64-bit integers, reals, text and null through JSON", () => {
    for (const v of [
      null,
      1n,
      -5n,
      2n ** 62n,
      -(2n ** 63n),
      0.5,
      -1e300,
      "x",
      "",
      Buffer.from([0, 255]),
    ]) {
      const back = fromJsonValue(JSON.parse(JSON.stringify(toJsonValue(v))));
      expect(sameValue(back, v), String(v)).toBe(true);
    }
    expect(toJsonValue(2n ** 60n)).toEqual({ $int: "1152921504606846976" });
    expect(toJsonValue(Buffer.from("hi"))).toEqual({ $blob: "aGk=" });
  });

  it("compares like SQL IS: 1 equals 1.0, text never equals a number, blobs by bytes", () => {
    expect(sameValue(1n, 1)).toBe(true);
    expect(sameValue(1n, 2)).toBe(false);
    expect(sameValue("1", 1n)).toBe(false);
    expect(sameValue(null, null)).toBe(true);
    expect(sameValue(null, 0n)).toBe(false);
    expect(sameValue(Buffer.from("a"), Buffer.from("a"))).toBe(true);
    expect(sameValue(Buffer.from("a"), "a")).toBe(false);
  });
});

describe("SQLite merge settings", () => {
  it("applies every matching path glob in order, then the table's own entry", () => {
    const f = fileSettingsFor(
      {
        files: {
          "*.db": { onConflict: "theirs", tables: { a: { cellwise: true } } },
          "tracking/*.db": { cellwise: false, tables: { b: { onConflict: "ours", rekey: true } } },
          "*.csv": { onConflict: "ours" },
        },
      },
      "tracking/mlflow.db",
    );
    expect(tableSettings(f, "a")).toEqual({ onConflict: "theirs", cellwise: true, rekey: false });
    expect(tableSettings(f, "B")).toEqual({ onConflict: "ours", cellwise: false, rekey: true });
    expect(tableSettings(f, "other")).toEqual({
      onConflict: "theirs",
      cellwise: false,
      rekey: false,
    });
    // Cell-wise by default, as in Dolt.
    expect(tableSettings(fileSettingsFor(null, "x.db"), "t")).toEqual({
      onConflict: "conflict",
      cellwise: true,
      rekey: false,
    });
  });
});

describe("SQLite schema comparison", () => {
  it("finds columns appended to a table, and says how two tables differ", () => {
    const base = table("t", [col("id", "INTEGER", 1), col("v")]);
    expect(
      appendedColumns(base, table("t", [...base.columns, col("w")]))?.map((c) => c.name),
    ).toEqual(["w"]);
    expect(
      appendedColumns(base, table("t", [col("id", "INTEGER", 1), col("v", "BLOB")])),
    ).toBeNull();
    expect(
      describeTableDiff(
        table("t", [col("id", "INTEGER", 1), col("v"), col("o")]),
        table("t", [col("id", "INTEGER", 1), col("v", "BLOB"), col("x")]),
      ),
    ).toBe(
      "columns only in ours: o; columns only in theirs: x; columns declared differently: v (ours TEXT, theirs BLOB)",
    );
  });

  it("orders tables parents first by their foreign keys, cycles included", () => {
    const runs = table(
      "runs",
      [col("id", "TEXT", 1)],
      [{ from: "exp", table: "Experiments", to: null }],
    );
    const metrics = table("metrics", [col("run")], [{ from: "run", table: "runs", to: "id" }]);
    const exps = table("experiments", [col("id", "INTEGER", 1)]);
    const a = table("a", [col("x")], [{ from: "x", table: "b", to: null }]);
    const b = table("b", [col("x")], [{ from: "x", table: "a", to: null }]);
    const order = parentsFirst([metrics, runs, a, exps, b]).map((t) => t.name);
    expect(order.indexOf("experiments")).toBeLessThan(order.indexOf("runs"));
    expect(order.indexOf("runs")).toBeLessThan(order.indexOf("metrics"));
    expect(order.sort()).toEqual(["a", "b", "experiments", "metrics", "runs"]);
  });
});

describe("SQLite header check", () => {
  it("names the role and the file, and accepts an empty base only where allowed", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlbranch-header-"));
    try {
      const empty = join(dir, "e.db");
      writeFileSync(empty, "");
      expect(readHeader(empty, "base (%O)", true).empty).toBe(true);
      expect(() => readHeader(empty, "ours (%A)", false)).toThrow(
        /ours \(%A\) at .*e\.db is not an SQLite database \(the file is empty\)/,
      );
      const text = join(dir, "t.db");
      writeFileSync(text, "x".repeat(200));
      expect(() => readHeader(text, "theirs (%B)", false)).toThrow(
        /does not start with the SQLite header/,
      );
      expect(() => readHeader(join(dir, "missing.db"), "the database", false)).toThrow(
        /cannot read the database/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
