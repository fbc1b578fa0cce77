import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanGitEnv } from "../src/git/execGit.js";
import { packageRoot } from "../src/io/paths.js";
import { PREDICT, SPLIT } from "./scripts.js";
import { Shell } from "./shell.js";

/** The demo's state: its shell, where things are, and whether the real hooks are installed. */
export interface Demo {
  sh: Shell;
  dir: string;
  repo: string;
  tools: string;
  pkg: string;
}

/** The installer's entry, run as `npx install-ml-hooks` would. */
export const INSTALLER = "dist/bin/install-ml-hooks.js";

// What npm install does for the package's bin map: node_modules/.bin/<name> as a symlink to
// the entry (the hooks run `node node_modules/mlbranch/dist/hooks/<hook>.js`).
function linkBins(repo: string, pkg: string): void {
  const bins = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).bin ?? {};
  mkdirSync(join(repo, "node_modules", ".bin"), { recursive: true });
  for (const [name, rel] of Object.entries(bins as Record<string, string>)) {
    symlinkSync(join("..", "mlbranch", rel), join(repo, "node_modules", ".bin", name));
  }
}

/** A temp dir with an empty repository, the package linked in and its hooks installed. */
export function setupDemo(print: (line: string) => void): Demo {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "mlbranch-demo-")));
  const repo = join(dir, "iris-demo");
  const tools = join(dir, "tools");
  mkdirSync(repo);
  mkdirSync(tools);
  writeFileSync(join(tools, "split.mjs"), SPLIT);
  writeFileSync(join(tools, "predict.mjs"), PREDICT);
  const pkg = packageRoot();
  const env = {
    ...cleanGitEnv(process.env),
    GIT_AUTHOR_NAME: "Ada Demo",
    GIT_AUTHOR_EMAIL: "ada@example.com",
    GIT_COMMITTER_NAME: "Ada Demo",
    GIT_COMMITTER_EMAIL: "ada@example.com",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_EDITOR: "true",
  };
  const sh = new Shell(
    repo,
    env,
    [process.execPath, join(repo, "node_modules/mlbranch/dist/bin/mlbranch.js")],
    print,
  );
  sh.section("A repository whose branches are environments");
  sh.say(
    `working in ${dir} (iris-demo is the repository; tools/ holds scripts for branches without code)`,
  );
  sh.git(["init", "-q", "-b", "main"]);
  for (const [k, v] of [
    ["commit.gpgSign", "false"],
    ["tag.gpgSign", "false"],
    ["gc.auto", "0"],
    ["core.autocrlf", "false"],
  ])
    sh.git(["config", k, v], { quiet: true });
  sh.write(
    "README.md",
    "# Iris petal width\n\nPredict petal width from the other measurements.\n",
    "the problem definition lives on main",
  );
  sh.write(".gitignore", "node_modules/\n");
  sh.write("package.json", `${JSON.stringify({ name: "iris-demo", private: true }, null, 2)}\n`);
  sh.say("npm install --save-dev mlbranch (here: a link to this checkout)");
  mkdirSync(join(repo, "node_modules"));
  symlinkSync(pkg, join(repo, "node_modules", "mlbranch"), "dir");
  linkBins(repo, pkg);
  sh.run("node", [`node_modules/mlbranch/${INSTALLER}`], { show: "npx install-ml-hooks" });
  sh.git(["add", "-A"]);
  sh.git(["commit", "-q", "-m", "Problem definition: predict petal width"]);
  return { sh, dir, repo, tools, pkg };
}
