import { describe, expect, it } from "vitest";
import { defaultConfigData, parseConfig } from "../../src/config/loadConfig.js";
import { validateConfig } from "../../src/config/validateConfig.js";
import { resolveBranchType } from "../../src/policy/branchType.js";

describe("config schema", () => {
  it("accepts the shipped defaults", () => {
    expect(validateConfig(defaultConfigData())).toEqual([]);
  });

  it("names every error by path", () => {
    const errors = validateConfig({
      unknownBranch: "sometimes",
      types: { raw: { match: "raw", appendOnly: [1] }, exp: { allow: [] } },
      bogus: true,
    });
    expect(errors).toContain('(root): unknown key "bogus"');
    expect(errors).toContain('unknownBranch: must be one of "allow", "warn", "deny"');
    expect(errors).toContain("types.raw.match: must be array");
    expect(errors).toContain("types.raw.appendOnly[0]: must be string");
    // A new type needs match; a default type named here is merged over the default one.
    const { errors: e2 } = parseConfig(JSON.stringify({ types: { exp: { allow: [] } } }), "x");
    expect(e2.join("\n")).toContain("types.exp: must have required property 'match'");
  });

  it("validates a text once: a valid one is remembered, an invalid one never is", () => {
    const valid = JSON.stringify({ version: 1, defaultBranch: `main-${Math.random()}` });
    const bad = JSON.stringify({
      version: 1,
      unknownBranch: "sometimes",
      defaultBranch: `m${Math.random()}`,
    });
    for (let i = 0; i < 2; i++) {
      expect(parseConfig(valid, "a").errors).toEqual([]);
      expect(parseConfig(bad, "b").errors.join("\n")).toMatch(/unknownBranch: must be one of/);
    }
  });

  it("reports invalid JSON instead of throwing", () => {
    const { config, errors } = parseConfig("{ not json", "mlbranch.json");
    expect(config).toBeNull();
    expect(errors[0]).toMatch(/^\(root\): not valid JSON/);
  });

  it("reports unknown glob sets and bad trailer patterns", () => {
    const { errors } = parseConfig(
      JSON.stringify({
        types: {
          raw: {
            match: ["raw"],
            deny: ["@dta"],
            trailers: [{ key: "Data-Source", pattern: "([" }],
          },
        },
      }),
      "x",
    );
    expect(errors.some((e) => e.startsWith('types.raw.deny[0]: unknown glob set "@dta"'))).toBe(
      true,
    );
    expect(
      errors.some((e) =>
        e.startsWith("types.raw.trailers[0].pattern: not a valid regular expression"),
      ),
    ).toBe(true);
  });

  it("expands named glob sets and lets a user override one set", () => {
    const { config } = parseConfig(JSON.stringify({ globs: { data: ["datasets/**"] } }), "x");
    expect(config!.types.raw.appendOnly).toEqual(["datasets/**"]);
    expect(config!.types.main.deny).toContain("datasets/**");
    expect(config!.types.main.deny).toContain("*.pt");
  });
});

describe("branch type resolution", () => {
  const { config } = parseConfig(undefined, "defaults");
  const typeOf = (b: string) => resolveBranchType(config!, b)?.name ?? null;

  it("gives the DESIGN.md branch table", () => {
    expect(typeOf("main")).toBe("main");
    expect(typeOf("master")).toBe("main");
    expect(typeOf("raw")).toBe("raw");
    expect(typeOf("raw/vendor-a")).toBe("raw");
    expect(typeOf("clean")).toBe("clean");
    expect(typeOf("split/v2")).toBe("split");
    expect(typeOf("dev/model")).toBe("dev");
    expect(typeOf("dev/a/b")).toBe("dev");
    expect(typeOf("stable/model")).toBe("stable");
    expect(typeOf("monitoring")).toBe("monitoring");
    expect(typeOf("ds/ab-test")).toBe("analysis");
  });

  it("matches no type for other names", () => {
    expect(typeOf("feature/x")).toBeNull();
    expect(typeOf("dev")).toBeNull();
    expect(typeOf("rawdata")).toBeNull();
    expect(typeOf("stable")).toBeNull();
  });

  it("takes the first type in config order", () => {
    const { config: c } = parseConfig(
      JSON.stringify({
        types: { special: { match: ["dev/special"] }, dev: { match: ["dev/**"] } },
      }),
      "x",
    );
    expect(resolveBranchType(c!, "dev/special")?.name).toBe("special");
    expect(resolveBranchType(c!, "dev/other")?.name).toBe("dev");
  });

  it("implies the defaults and overrides them key by key (types, files, tracking)", () => {
    const { config: c, errors } = parseConfig(
      JSON.stringify({
        $schema: "https://unpkg.com/mlbranch@0.1.0/schema/mlbranch.schema.json",
        version: 1,
        types: { stable: { maxFileSize: "50 MiB" }, analysis: null },
        files: { "data/*.csv": { merge: "csv", key: ["id"] } },
      }),
      "x",
    );
    expect(errors).toEqual([]);
    const d = parseConfig(undefined, "defaults").config!;
    expect(c!.types.stable.maxFileSize).toBe(50 * 1024 * 1024);
    expect(c!.types.stable.match).toEqual(d.types.stable.match);
    expect(c!.types.stable.codeOnlyByMerge).toEqual(d.types.stable.codeOnlyByMerge);
    expect(c!.types.analysis).toBeUndefined();
    expect(c!.types.raw).toEqual(d.types.raw);
    expect(c!.files["data/*.csv"].key).toEqual(["id"]);
    expect(c!.files["tracking/runs.jsonl"]).toEqual(d.files["tracking/runs.jsonl"]);
    expect(c!.tracking).toEqual(d.tracking);
  });

  it("accepts sizes with units wherever a size is configured", () => {
    const size = (v: unknown) =>
      parseConfig(JSON.stringify({ types: { dev: { maxFileSize: v } } }), "x");
    expect(size("10 MiB").config!.types.dev.maxFileSize).toBe(10485760);
    expect(size("500KB").config!.types.dev.maxFileSize).toBe(500000);
    expect(size("1.5 GiB").config!.types.dev.maxFileSize).toBe(1610612736);
    expect(size(2048).config!.types.dev.maxFileSize).toBe(2048);
    expect(size("ten megs").errors.join("\n")).toContain("types.dev.maxFileSize");
    expect(size("10 MiB").errors).toEqual([]);
  });
});

describe("trailer patterns (ReDoS)", () => {
  it("refuses nested quantifiers and keeps the shipped patterns", () => {
    const cfg = (pattern: string) =>
      JSON.stringify({
        version: 1,
        types: { raw: { match: ["raw"], trailers: [{ key: "Data-Source", pattern }] } },
      });
    for (const bad of ["^(a+)+$", "(x+x+)+y", "^(\\w+\\s?)*$"]) {
      const { config, errors } = parseConfig(cfg(bad), "test");
      expect(config).toBeNull();
      expect(errors.join("\n")).toContain("can backtrack catastrophically");
    }
    expect(parseConfig(undefined, "defaults").errors).toEqual([]);
    expect(parseConfig(cfg("^\\S+@[0-9a-f]{7,64}$"), "test").errors).toEqual([]);
  });
});
