import { describe, expect, it } from "vitest";
import { type Repo, withRepo } from "../helpers/withRepo.js";

// drift, compare and validate read records as the merge drivers and pull-data do: RFC 4180
// quoted fields spanning lines are one value of one record, and bytes that are not UTF-8
// (Latin-1 / Windows-1252 deliveries) keep their characters instead of becoming U+FFFD.

const latin1 = (text: string) => Buffer.from(text, "latin1");
// A fixed spread of values, the same shape each time: no randomness in the test.
const xs = (n: number) => Array.from({ length: n }, (_, i) => ((((i * 37) % n) + 0.5) / n) * 100);
// A note as people write them in a spreadsheet: quoted, with a comma and a line break.
const note = (i: number) => `"call back, ${i}\nsecond line of ${i}"`;

function table(names: (i: number) => string, withNotes: boolean): string {
  const head = withNotes ? "id,note,x,name" : "id,x,name";
  const rows = xs(300).map((x, i) =>
    withNotes ? `${i},${note(i)},${x.toFixed(2)},${names(i)}` : `${i},${x.toFixed(2)},${names(i)}`,
  );
  return `${head}\n${rows.join("\n")}\n`;
}

const drift = (repo: Repo, ref: string, cur: string, extra: string[] = []) =>
  repo.mlbranch(["drift", "--reference", ref, "--current", cur, "--json", ...extra]);
const feature = (out: string, name: string) =>
  JSON.parse(out).features.find((f: { feature: string }) => f.feature === name);

describe("drift reads what the records reader reads", () => {
  it("a quoted field spanning lines is one value of one record: rows and columns right", async () => {
    await withRepo((repo) => {
      const names = (i: number) => ["Meier", "Schmidt"][i % 2];
      repo.write("data/ref.csv", table(names, true));
      repo.commit("reference with notes");
      repo.write("cur.csv", table(names, true));
      const r = drift(repo, "HEAD:data/ref.csv", "cur.csv", ["--features", "x,name"]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      // 300 records, not 600 lines; x stays numeric (a note never lands in its column).
      expect([report.referenceRows, report.currentRows]).toEqual([300, 300]);
      expect(feature(r.stdout, "x").kind).toBe("numeric");
      expect(feature(r.stdout, "name").kind).toBe("categorical");
      // The same table without the notes column reads the same x: the notes moved nothing.
      repo.write("plain.csv", table(names, false));
      const plain = drift(repo, "plain.csv", "cur.csv", ["--features", "x,name"]);
      expect(plain.code, plain.stderr).toBe(0);
      expect(JSON.parse(plain.stdout).referenceRows).toBe(300);
    });
  });

  it("Latin-1 bytes: Müller and Möller stay two categories (no U+FFFD), so the change is DRIFT", async () => {
    await withRepo((repo) => {
      repo.write("data/ref.csv", latin1(table((i) => ["Müller", "Schmidt"][i % 2], false)));
      repo.commit("reference, Latin-1");
      // The same shares, but every Müller is now a Möller: a different person.
      repo.write("cur.csv", latin1(table((i) => ["Möller", "Schmidt"][i % 2], false)));
      const r = drift(repo, "HEAD:data/ref.csv", "cur.csv", ["--features", "name"]);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toContain("Möller");
      expect(r.stdout).not.toContain("\uFFFD");
      expect(feature(r.stdout, "name").alerts.length).toBeGreaterThan(0);
      // The same names, delivered once in Latin-1 and once in UTF-8: the same text, no drift.
      repo.write(
        "utf8.csv",
        table((i) => ["Müller", "Schmidt"][i % 2], false),
      );
      const same = drift(repo, "HEAD:data/ref.csv", "utf8.csv", ["--features", "name"]);
      expect(same.code, same.stdout).toBe(0);
    });
  });
});

describe("compare reads what the records reader reads", () => {
  // An A/B file: acme-1 right on 9 rows of 10; acme-2 predicts Möller where the label is
  // Müller on half of its rows. Each row carries a quoted comment spanning two lines.
  function abFile(): Buffer {
    const rows: string[] = ["model_tag,comment,label,prediction"];
    for (let i = 0; i < 200; i++) {
      const label = ["Müller", "Schmidt"][i % 2];
      rows.push(`acme-1,${note(i)},${label},${i % 10 === 0 ? "Weber" : label}`);
    }
    for (let i = 0; i < 200; i++) {
      const label = i % 2 ? "Schmidt" : "Müller";
      rows.push(`acme-2,${note(i)},${label},${i % 2 ? "Schmidt" : "Möller"}`);
    }
    return latin1(`${rows.join("\n")}\n`);
  }

  it("counts records, not lines, and Möller is not Müller: acme-2 is WORSE", async () => {
    await withRepo((repo) => {
      repo.write("monitoring/ab.csv", abFile());
      repo.commit("a/b");
      const args = ["--by", "model_tag", "--baseline", "acme-1", "--json"];
      for (const file of ["monitoring/ab.csv", "HEAD:monitoring/ab.csv"]) {
        const r = repo.mlbranch(["compare", file, ...args]);
        expect(r.code, r.stderr).toBe(1);
        const c = JSON.parse(r.stdout);
        const groups = Object.fromEntries(
          c.groups.map((g: { tag: string; rows: number }) => [g.tag, g]),
        );
        expect(groups["acme-1"].rows).toBe(200);
        expect(groups["acme-2"].rows).toBe(200);
        expect(groups["acme-1"].metric.value).toBe(0.9);
        expect(groups["acme-2"].metric.value).toBe(0.5);
        expect(c.comparisons[0]).toMatchObject({ candidate: "acme-2", worse: true });
      }
    });
  });
});

describe("validate reads what the records reader reads", () => {
  const tableSchema = {
    fields: [
      { name: "id", type: "integer", constraints: { unique: true } },
      { name: "note", type: "string" },
      { name: "x", type: "number" },
      { name: "name", type: "string", constraints: { enum: ["Müller", "Schmidt"] } },
    ],
  };

  it("a Latin-1 CSV with fields spanning lines passes its Table Schema; a short row fails, named", async () => {
    await withRepo((repo) => {
      repo.write("schemas/people.json", JSON.stringify(tableSchema));
      repo.write(
        "mlbranch.json",
        JSON.stringify({
          version: 1,
          files: { "data/*.csv": { tableSchema: "schemas/people.json" } },
        }),
      );
      const body = table((i) => ["Müller", "Schmidt"][i % 2], true);
      repo.write("data/people.csv", latin1(body));
      const ok = repo.mlbranch(["validate", "--json", "data/people.csv"]);
      expect(ok.code, ok.stdout).toBe(0);
      // Without a Table Schema the file is still read as records: fine as it is...
      repo.write("other/people.csv", latin1(body));
      const plain = repo.mlbranch(["validate", "other/people.csv"]);
      expect(plain.code, plain.stderr).toBe(0);
      // ...and a row one field short is named by the line it starts on (past the notes).
      repo.write("other/short.csv", latin1(`${body}300,${note(300)},1.5\n`));
      const short = repo.mlbranch(["validate", "other/short.csv"]);
      expect(short.code).toBe(1);
      expect(short.stderr).toContain("line 602 has 3 fields, but the header has 4");
      repo.write("other/open.csv", latin1(`${body}301,"never closed,1.5,Müller\n`));
      const open = repo.mlbranch(["validate", "other/open.csv"]);
      expect(open.code).toBe(1);
      expect(open.stderr).toContain("line 602: a quoted field is never closed");
    });
  });

  it("JSON Lines in Latin-1 satisfy their JSON Schema as the bytes say; an array line is refused", async () => {
    await withRepo((repo) => {
      repo.write(
        "schemas/p.json",
        JSON.stringify({ type: "object", properties: { name: { enum: ["Müller", "Schmidt"] } } }),
      );
      repo.write(
        "mlbranch.json",
        JSON.stringify({ version: 1, files: { "data/*.jsonl": { schema: "schemas/p.json" } } }),
      );
      repo.write("data/p.jsonl", latin1('{"name": "Müller"}\r\n{"name": "Schmidt"}\r\n'));
      const ok = repo.mlbranch(["validate", "data/p.jsonl"]);
      expect(ok.code, ok.stderr).toBe(0);
      repo.write("data/q.jsonl", latin1('{"name": "Möller"}\n[1, 2]\n'));
      const bad = repo.mlbranch(["validate", "data/q.jsonl"]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("line 1: /name must be equal to one of the allowed values");
      expect(bad.stderr).toContain("line 2 is a JSON array, not a record");
    });
  });
});

describe("the records-well-formed rule's fix fits the problem", () => {
  it("a Latin-1 CSV the csv merge driver cannot merge is told to convert, not to count fields", async () => {
    await withRepo((repo) => {
      repo.write("README.md", "x\n");
      repo.commit("init");
      repo.git("switch", "-q", "-c", "raw");
      repo.write("data/a.csv", latin1("id,name\n1,Müller\n"));
      repo.git("add", "data");
      const r = repo.mlbranch(["check", "--staged"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("data/a.csv line 2 is not valid UTF-8 text");
      expect(r.stderr).toContain("the csv merge driver reads UTF-8 text only: convert the file");
      expect(r.stderr).not.toContain("as many fields as the header");
    });
  });
});
