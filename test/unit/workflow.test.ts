import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/loadConfig.js";
import { appendNewRecords, isAppendable } from "../../src/workflow/appendRecords.js";
import { globRoots, globToPathspec } from "../../src/workflow/pathspecs.js";
import { parseJsonl, recordKey } from "../../src/workflow/records.js";
import { formatTag, nextTagName, tagRegex } from "../../src/workflow/tagName.js";

const config = parseConfig(undefined, "defaults").config!;

describe("tag names", () => {
  it("takes the highest number for the prefix, numerically", () => {
    const tags = ["acme-2", "acme-10", "acme-9", "acme-x", "acme-", "acmecorp-40", "beta-50"];
    expect(nextTagName(tags, "{prefix}-{n}", "acme")).toEqual({
      name: "acme-11",
      n: 11,
      previous: "acme-10",
    });
    expect(nextTagName(tags, "{prefix}-{n}", "new").name).toBe("new-1");
    expect(nextTagName(["v3", "v12"], "v{n}", undefined).name).toBe("v13");
  });

  it("escapes the pattern and names the prefix", () => {
    expect(tagRegex("{prefix}.r{n}", "a.b").test("a.b.r3")).toBe(true);
    expect(tagRegex("{prefix}.r{n}", "a.b").test("axb.r3")).toBe(false);
    expect(tagRegex("{prefix}-{n}").exec("big-client-7")?.groups).toMatchObject({
      prefix: "big-client",
      n: "7",
    });
    expect(formatTag("{prefix}-{n}", "acme", 3)).toBe("acme-3");
  });
});

describe("pathspecs", () => {
  it("keeps the meaning of config globs", () => {
    expect(globToPathspec("*.pt")).toBe(":(glob)**/*.pt");
    expect(globToPathspec("data/**")).toBe(":(glob)data/**");
    expect(globToPathspec("/top.txt")).toBe(":(glob)top.txt");
    expect(globRoots(["data/**", "datasets/*/raw/**", "*.csv", "models/best.pt"])).toEqual([
      "data",
      "datasets",
      "models/best.pt",
    ]);
  });
});

describe("appending records", () => {
  it("appends CSV rows theirs gained since the base that ours lacks", () => {
    const r = appendNewRecords({
      config,
      path: "data/a.csv",
      ours: "id,v\n1,a\n",
      theirs: "id,v\n1,a\n2,b\n3,c\n4,d\n",
      base: "id,v\n1,a\n2,b\n",
      source: "raw",
    });
    expect({ ...r, content: r.content.toString() }).toEqual({
      content: "id,v\n1,a\n3,c\n4,d\n",
      added: 2,
    });
  });

  it("appends JSON Lines by key when the config names one", () => {
    const r = appendNewRecords({
      config,
      path: "tracking/runs.jsonl",
      ours: '{"run_id":"a","m":1}',
      theirs: '{"run_id":"a","m":2}\n{"run_id":"b","m":3}\n',
      base: null,
      source: "stable/x",
    });
    expect({ ...r, content: r.content.toString() }).toEqual({
      content: '{"run_id":"a","m":1}\n{"run_id":"b","m":3}\n',
      added: 1,
    });
    expect(isAppendable(config, "data/x.jsonl")).toBe(true);
    expect(isAppendable(config, "data/x.parquet")).toBe(false);
  });

  it("names the file and line of a bad record", () => {
    expect(() => parseJsonl('{"a":1}\n[1]\n', "f.jsonl")).toThrow(/f\.jsonl line 2/);
    expect(() => parseJsonl("{", "f.jsonl")).toThrow(/line 1 is not valid JSON/);
    const [rec] = parseJsonl('{"run_id":"x","v":1}', "f");
    expect(recordKey(rec, ["run_id"])).toBe('["x"]');
    expect(recordKey(rec, ["missing"])).toBe('{"run_id":"x","v":1}');
  });
});
