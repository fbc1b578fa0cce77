import { readFileSync } from "node:fs";
import { join } from "node:path";
import { blobId } from "../src/git/blobs.js";
import type { Demo } from "./setup.js";

/** A client pulls its latest release from the model repository, as a hosted one would serve it. */
export function releaseFlow(d: Demo): void {
  const { sh } = d;
  sh.section("a client pulls its latest release: acme's models, verified, and nothing else");
  const server = join(d.dir, "model.git");
  sh.say("the team's repository as a server holds it (a bare clone; hosts allow partial clones)");
  sh.git(["clone", "-q", "--bare", "--no-local", ".", server]);
  sh.git(["-C", server, "config", "uploadpack.allowFilter", "true"]);
  const home = sh.cwd;
  sh.cwd = join(d.dir);
  try {
    sh.say("on the client's machine: which releases are there, with their metrics?");
    sh.ml(["release", "acme", "--from", "model.git"]);
    sh.ml(["release", "acme", "--latest", "--from", "model.git", "--into", "acme-latest"]);
    const d2 = JSON.parse(
      sh.ml(
        ["release", "acme", "--latest", "--from", "model.git", "--into", "acme-check", "--json"],
        {
          quiet: true,
        },
      ),
    ) as { tag: string; files: { path: string; blob: string }[] };
    sh.assert(d2.tag === "acme-2", `the latest release is acme-2 (got ${d2.tag})`);
    const files = d2.files.map((f) => f.path);
    sh.assert(
      files.length > 0 && files.every((p) => !p.startsWith("data/") && !p.startsWith("tracking/")),
      `only deliverable files, never data or tracking (got ${files.join(", ")})`,
    );
    // The delivered bytes hash to the blob ids the tag's commit holds in the team's repository.
    const same = d2.files.every(
      (f) =>
        blobId(readFileSync(join(d.dir, "acme-latest", f.path))) === f.blob &&
        sh.git(["-C", home, "rev-parse", `acme-2:${f.path}`], { quiet: true }) === f.blob,
    );
    sh.assert(same, "every delivered file is the blob acme-2 holds");
    sh.say(
      "a second pull into the same folder is refused unless --force: nothing is half-replaced",
    );
    sh.ml(["release", "acme", "acme-1", "--from", "model.git", "--into", "acme-latest"], {
      expect: "fail",
    });
  } finally {
    sh.cwd = home;
  }
}
