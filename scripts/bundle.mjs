// Build step after tsc: every file git, a user or a library caller runs becomes bundled code, and
// the package ships only those bundles (dist/src, tsc's output, stays local for tests and the
// demo). Two reasons:
//   - speed at run time: a hook loads a file or two instead of ~45 ES modules (Node 20's module
//     loader costs ~1.5 ms a file);
//   - speed at install time: npm's cost grows with the files and packages it unpacks (the 524
//     files of dist/src took ~2 s of a 7 s install, ajv's ~1,000 files another ~1.5 s), so the
//     pure-JS dependencies (ajv, micromatch, safe-regex2 and theirs) are bundled in and ship as
//     ~30 files. husky and lint-staged stay dependencies (they are the user's own tools, run from
//     the project), better-sqlite3 an optional peer (native code).
// What is built:
//   - hooks/ and merge-drivers/: git runs these on every commit and merge. Each entry is one
//     bundle with its lazy imports inlined (dist/<dir>/<name>.bundle.cjs), behind a small door
//     at dist/<dir>/<name>.js that turns on Node's compile cache (22.1+; a no-op on 20) before
//     the bundle is compiled, so Node 24 reuses the compiled code of the last run.
//   - bin/: the CLI loads only the command it runs: one build of the three bins, their lazy
//     imports in shared chunks (dist/chunks/).
//   - the drift parser's worker (dist/workers/) and the library API (dist/lib/index.js, its types in
//     dist/types/, copied from tsc's declarations that index.d.ts reaches).
// Dependencies that code loads lazily with `require` (ajv only when a schema is configured,
// micromatch only for a glob not in the cache, safe-regex2 only for a risky trailer pattern)
// keep that laziness and stay out of the hook bundles: each is bundled once into dist/vendor/
// (CommonJS), and the plugin below points such a require at that file. Files that do this declare
// `const require = createRequire(import.meta.url);` at top level; every output file sits two
// folders deep (dist/<dir>/<file>), so "../vendor/<name>.cjs" is the same path from all of them.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entriesIn = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
/** The version of package `pkg` as `from` (a package folder) would load it. */
const versionOf = (pkg, from = root) =>
  JSON.parse(readFileSync(createRequire(join(from, "x")).resolve(`${pkg}/package.json`), "utf8"))
    .version;

/** Packages bundled in: everything in dependencies of the source except these. */
const EXTERNAL = ["husky", "lint-staged", "better-sqlite3"];
const LAZY_REQUIRE = "const require = createRequire(import.meta.url);";
/** Lazily required packages, each bundled into dist/vendor/<file>. */
const VENDOR = {
  micromatch: "micromatch.cjs",
  "safe-regex2": "safe-regex2.cjs",
  ajv: "ajv.cjs",
  "ajv/dist/2020": "ajv-2020.cjs",
};

/** This build's id: the version and a time, for what is cached per build (config, code). */
const BUILD_ID = `${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}+${Date.now().toString(36)}`;

const lazyRequires = {
  name: "lazy-require",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes(LAZY_REQUIRE)) return undefined;
      const file = relative(root, args.path);
      // ajv's standalone validator requires a tiny runtime helper on load: that one is inlined.
      if (file.endsWith(".generated.ts"))
        return { contents: text.replace(LAZY_REQUIRE, ""), loader: "ts" };
      const calls = text.match(/(?<![\w.])require\(/g)?.length ?? 0;
      const literal = text.match(/(?<![\w.])require\(\s*"[^"]+"\s*\)/g)?.length ?? 0;
      if (calls !== literal)
        throw new Error(
          `${file}: a require() whose argument is not a string literal cannot be pointed at dist/vendor; write one require("<package>") per package`,
        );
      const contents = text.replace(/\brequire\(\s*"([^"]+)"\s*\)/g, (_call, id) => {
        if (VENDOR[id]) return `require("../vendor/${VENDOR[id]}")`;
        throw new Error(
          `${file}: require("${id}") is neither in dist/vendor (scripts/bundle.mjs VENDOR) nor bundled; add it to VENDOR, or import it`,
        );
      });
      return { contents, loader: "ts" };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  logLevel: "warning",
  legalComments: "none",
  metafile: true,
  plugins: [lazyRequires],
  define: {
    // src/config/globs.ts keys its cache of compiled globs by these versions.
    __MLBRANCH_GLOB_ENGINE__: JSON.stringify(
      `${versionOf("micromatch")}-${versionOf("picomatch", join(root, "node_modules", "micromatch"))}`,
    ),
    // src/config/loadConfig.ts keeps the last checked config for the build that checked it.
    __MLBRANCH_BUILD__: JSON.stringify(BUILD_ID),
  },
};

// A hook or driver is CommonJS, door and bundle: an ES module importing a Node builtin
// (node:crypto, node:fs, node:child_process) gets an ESM facade that reads every export, which
// runs the lazy getters (webcrypto, fs streams, ...): ~8 ms of each commit's Node 24 profile; and
// an ES module entry costs Node 20 ~5 ms more to start than a CommonJS one. The doors keep the
// paths .husky and git call (dist/<dir>/<name>.js), made CommonJS by a package.json of their
// folder; each turns on Node's compile cache (22.1+; a no-op on 20) before the bundle is
// compiled, so Node 24 reuses the compiled code of the last run.
const DOOR = (bundle) => `#!/usr/bin/env node
// Generated by scripts/bundle.mjs: Node's compile cache first, then the whole entry in one file.
const m = require("node:module");
if (m.enableCompileCache) {
  m.enableCompileCache();
  require("./${bundle}");
} else require("./codeCache.cjs")(\`\${__dirname}/${bundle}\`, "${BUILD_ID}");
`;
const COMMONJS_FOLDER = '{ "type": "commonjs" }\n';
const IMPORT_META_URL = "__mlbranch_import_meta_url";
const asCommonJs = {
  format: "cjs",
  define: { ...common.define, "import.meta.url": IMPORT_META_URL },
  banner: { js: `var ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;` },
};

// Node 20 has no compile cache: the door runs the bundle through this, which keeps V8's code
// cache (with the functions the run compiled) in node_modules/.cache/mlbranch/v8 and hands it
// back on the next run. The cache is named by bundle, build id, Node version, size and time: an
// upgrade never meets an older build's code, whatever its files' times (Yarn sets them all
// alike). V8 rejects a cache of other source or flags (it is then written again), but damaged
// data can crash it outright: a run marks the cache in use and unmarks it at exit, and a mark
// found at start (a run that died with it) drops the cache. Compiling the 330 KB bundle was
// ~10 ms of each commit on Node 20.
const CODE_CACHE = `"use strict";
// Generated by scripts/bundle.mjs: a V8 code cache for the hook and driver bundles on Node 20.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");
module.exports = function load(file, build) {
  // A shebang line is not JavaScript inside the wrapper: blanked, the line numbers stay.
  const source = fs.readFileSync(file, "utf8").replace(/^#!.*/, "");
  const root = path.dirname(path.dirname(path.dirname(file)));
  const cacheRoot =
    path.basename(path.dirname(root)) === "node_modules"
      ? path.join(path.dirname(root), ".cache", "mlbranch")
      : path.join(root, "node_modules", ".cache", "mlbranch");
  const st = fs.statSync(file);
  const name = \`\${path.basename(file)}-\${String(build).replace(/[^\\w.+-]/g, "_")}-\${process.version}-\${process.arch}-\${st.size}-\${Math.trunc(st.mtimeMs)}\`;
  const cacheFile = path.join(cacheRoot, "v8", \`\${name}.bin\`);
  const inUse = path.join(cacheRoot, "v8", \`\${name}.in-use\`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
    if (fs.existsSync(inUse)) {
      // The last run with this cache died before its end: the cache may be why.
      cachedData = undefined;
      fs.rmSync(cacheFile, { force: true });
    } else fs.writeFileSync(inUse, "");
  } catch {}
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const fresh = !cachedData || script.cachedDataRejected;
  process.once("exit", () => {
    try {
      if (fresh) {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        const tmp = \`\${cacheFile}.\${process.pid}.tmp\`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
        // Caches of this bundle's earlier builds or Node versions go.
        const own = \`\${path.basename(file)}-\`;
        for (const f of fs.readdirSync(path.dirname(cacheFile)))
          if (f.startsWith(own) && !f.startsWith(name) && /\\.(bin|in-use)$/.test(f))
            fs.rmSync(path.join(path.dirname(cacheFile), f), { force: true });
      }
      fs.rmSync(inUse, { force: true });
    } catch {}
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext();
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
};
`;

// Outputs of an earlier build must not ship: chunk names change with their content.
for (const d of ["chunks", "workers", "types", "vendor", "lib"])
  rmSync(join(root, "dist", d), { recursive: true, force: true });
for (const dir of ["hooks", "merge-drivers", "bin"])
  for (const f of existsSync(join(root, "dist", dir)) ? readdirSync(join(root, "dist", dir)) : [])
    if (f.endsWith(".d.ts") || f.endsWith(".bundle.js")) rmSync(join(root, "dist", dir, f));

const results = await Promise.all([
  build({
    ...common,
    entryPoints: entriesIn("bin"),
    outdir: "dist",
    outbase: ".",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  }),
  build({
    ...common,
    entryPoints: ["src/quality/drift/parseWorker.ts"],
    outfile: "dist/workers/parseWorker.js",
  }),
  build({
    ...common,
    entryPoints: ["src/quality/contracts/contractsWorker.ts"],
    outfile: "dist/workers/contractsWorker.js",
  }),
  build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/lib/index.js" }),
  ...Object.entries(VENDOR).map(([id, file]) =>
    build({
      ...common,
      plugins: [],
      format: "cjs",
      entryPoints: [id],
      outfile: join("dist", "vendor", file),
    }),
  ),
  // One file per entry, its lazy imports inlined: one build per folder with shared chunks made
  // pre-commit load 20 files and took ~20 ms more on Node 20 than this (at 330 KB a hook on disk).
  ...["hooks", "merge-drivers"].flatMap(entriesIn).map(async (entry) => {
    const name = entry.replace(/\.ts$/, "");
    const bundle = `${name.split("/").pop()}.bundle.cjs`;
    const r = await build({
      ...common,
      ...asCommonJs,
      entryPoints: [entry],
      outfile: join("dist", dirname(entry), bundle),
    });
    const door = join(root, "dist", `${name}.js`);
    writeFileSync(door, DOOR(bundle));
    writeFileSync(join(root, "dist", dirname(entry), "package.json"), COMMONJS_FOLDER);
    writeFileSync(join(root, "dist", dirname(entry), "codeCache.cjs"), CODE_CACHE);
    chmodSync(door, 0o755);
    return r;
  }),
]);

// The library's types: the declarations dist/src/index.d.ts reaches, in their own folder.
const seen = new Set();
const queue = ["index.d.ts"];
while (queue.length) {
  const f = queue.pop();
  if (seen.has(f)) continue;
  seen.add(f);
  const text = readFileSync(join(root, "dist", "src", f), "utf8");
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)\.js"/g))
    queue.push(join(dirname(f), `${m[1]}.d.ts`));
}
for (const f of seen) {
  mkdirSync(dirname(join(root, "dist", "types", f)), { recursive: true });
  copyFileSync(join(root, "dist", "src", f), join(root, "dist", "types", f));
}

// Bundled packages keep their licence notices: one file naming each, with its licence text.
const packages = new Map();
for (const r of results)
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = input.slice(0, m.index + m[0].length);
    packages.set(dir, m[1]);
  }
const notices = ["# Third-party code bundled in mlbranch's dist/", ""];
for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
  const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  const licence = readdirSync(join(root, dir)).find((f) => /^licen[cs]e/i.test(f));
  notices.push(`## ${name} ${pkg.version} (${pkg.license})`, "");
  if (licence) notices.push(readFileSync(join(root, dir, licence), "utf8").trim(), "");
  else notices.push(`See https://www.npmjs.com/package/${name}.`, "");
}
writeFileSync(join(root, "dist", "THIRD_PARTY_NOTICES.md"), `${notices.join("\n")}\n`);
