import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Run, testEnv } from "../helpers/withRepo.js";

// The published package is bundles only (scripts/bundle.mjs): ajv, micromatch and safe-regex2
// are inside them, not dependencies. These tests install the packed tarball into a fresh project,
// where none of those packages exist, and use each bundled part from there.
let tmp: string;
let project: string;

function sh(cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}, cwd = project): Run {
  const env = testEnv(extra);
  for (const k of Object.keys(env)) if (k.startsWith("npm_")) delete env[k];
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}
function ok(cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}, cwd = project): string {
  const r = sh(cmd, args, extra, cwd);
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const mlbranch = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  sh(
    process.execPath,
    [join(project, "node_modules", "mlbranch", "dist", "bin", "mlbranch.js"), ...args],
    extra,
  );
const write = (path: string, text: string) => {
  mkdirSync(join(project, path, ".."), { recursive: true });
  writeFileSync(join(project, path), text);
};

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-packed-")));
  ok("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", tmp], {}, PROJECT_ROOT);
  const tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith(".tgz"))!);
  project = join(tmp, "project");
  mkdirSync(project);
  ok("git", ["init", "-q", "-b", "main"]);
  writeFileSync(
    join(project, "package.json"),
    '{ "name": "p", "private": true, "type": "module" }\n',
  );
  ok("npm", ["install", "--save-dev", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
    HUSKY: "0",
  });
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("depends on husky and lint-staged only, and ships no tsc output", () => {
    const pkg = JSON.parse(
      readFileSync(join(project, "node_modules", "mlbranch", "package.json"), "utf8"),
    );
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["husky", "lint-staged"]);
    for (const bundled of ["ajv", "micromatch", "safe-regex2"])
      expect(existsSync(join(project, "node_modules", bundled))).toBe(false);
    expect(existsSync(join(project, "node_modules", "mlbranch", "dist", "src"))).toBe(false);
    expect(
      readFileSync(
        join(project, "node_modules", "mlbranch", "dist", "THIRD_PARTY_NOTICES.md"),
        "utf8",
      ),
    ).toMatch(/## micromatch [\d.]+ \(MIT\)[\s\S]*Permission is hereby granted/);
  });

  it("serves its library API with types", () => {
    write(
      "use.ts",
      [
        'import { type Config, parseConfig, resolveBranchType } from "mlbranch";',
        'const { config } = parseConfig("{}", "mlbranch.json");',
        "const c: Config | null = config;",
        'if (c) console.log(resolveBranchType(c, "raw/deliveries")?.name ?? "none");',
        "",
      ].join("\n"),
    );
    write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // A TypeScript user of a Node library has Node's types: ours, from this checkout.
          typeRoots: [join(PROJECT_ROOT, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["use.ts"],
      }),
    );
    const tsc = sh(process.execPath, [
      join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      ".",
    ]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
    write(
      "use.mjs",
      'import { parseConfig, resolveBranchType } from "mlbranch";\nconsole.log(resolveBranchType(parseConfig("{}", "mlbranch.json").config, "raw/deliveries")?.name);\n',
    );
    expect(ok(process.execPath, ["use.mjs"]).trim()).toBe("raw");
  });

  it("validates records against draft-07 and 2020-12 schemas (ajv and micromatch, bundled)", () => {
    write(
      "schemas/a.json",
      '{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}',
    );
    write(
      "schemas/b.json",
      '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["id"],"unevaluatedProperties":false,"properties":{"id":{}}}',
    );
    write("data/a.jsonl", '{"id":1}\n{"id":"x"}\n');
    write("data/b.jsonl", '{"id":1,"extra":2}\n');
    write(
      "mlbranch.json",
      '{ "files": { "data/a.jsonl": { "schema": "schemas/a.json" }, "data/b.jsonl": { "schema": "schemas/b.json" } } }\n',
    );
    const r = mlbranch(["validate", "data/a.jsonl", "data/b.jsonl"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("data/a.jsonl line 2: /id must be integer");
    expect(r.stderr).toMatch(/data\/b\.jsonl line 1: .*unevaluated properties/);
  });

  it("refuses a trailer pattern that can backtrack catastrophically (safe-regex2, bundled)", () => {
    write(
      "mlbranch.json",
      '{ "types": { "dev": { "trailers": [ { "key": "Ticket", "pattern": "^(a+)+$" } ] } } }\n',
    );
    const r = mlbranch(["explain", "dev/x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("can backtrack catastrophically");
    rmSync(join(project, "mlbranch.json"));
  });

  it("parses large tables for drift in its bundled worker threads", () => {
    // Each table over 4 MiB: drift parses them in dist/workers/parseWorker.js.
    const rows = (shift: number) => {
      const out: string[] = [];
      for (let i = 0; i < 120_000; i++)
        out.push(`{"id":${i},"f":${((i * 7919) % 1000) / 1000 + shift},"pad":"${"x".repeat(20)}"}`);
      return `${out.join("\n")}\n`;
    };
    write("ref.jsonl", rows(0));
    write("monitoring/cur.jsonl", rows(0.5));
    const r = mlbranch(
      ["drift", "--reference", "ref.jsonl", "--current", "monitoring/cur.jsonl", "--features", "f"],
      {
        MLBRANCH_DEBUG: "1",
      },
    );
    expect(r.stderr).toMatch(/worker threads \(.*dist\/workers\/parseWorker\.js\)/);
    expect(r.stdout).toMatch(/f\s+numeric.*DRIFT/);
    expect(r.code).toBe(1);
  });
});
