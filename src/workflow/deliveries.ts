import { matchesAny } from "../config/globs.js";
import type { Config } from "../config/types.js";
import { parseTrailerLines } from "../git/commits.js";
import { execGitBuffer } from "../git/execGit.js";
import { expandNamed } from "../policy/inputs/treeFiles.js";

/** One commit that appended records to an append-only data file. */
export interface Delivery {
  commit: string;
  subject: string;
  /** Records it added (lines; a CSV file's header is not a record); null for binary content. */
  rows: number | null;
  dataSource: string[];
}

const FORMAT = "%x1e%H%x1d%s%x1d%(trailers:unfold,separator=%x1f)%x1d";

/** The append-only globs of a branch type, named sets expanded. */
export function appendOnlyGlobs(config: Config, type: string | null): string[] {
  const t = type ? config.types[type] : undefined;
  return t?.appendOnly ? expandNamed(t.appendOnly, config.globs) : [];
}

/**
 * Every delivery behind the given append-only files at a commit, newest first: the commits that
 * added lines to them (merges excluded: they bring deliveries, they are not one), each with its
 * Data-Source trailers and the rows it added. One `git log --numstat` for all files.
 */
export function deliveries(root: string, commit: string, paths: string[]) {
  const out = new Map<string, Delivery[]>(paths.map((p) => [p, []]));
  if (!paths.length) return out;
  const args = ["log", "--no-merges", "--no-renames", "--numstat", "-z", `--format=${FORMAT}`];
  args.push(commit, "--", ...paths.map((p) => `:(literal)${p}`));
  const text = execGitBuffer(args, { cwd: root }).toString("utf8");
  for (const rec of text.split("\x1e")) {
    const f = rec.split("\x1d");
    if (f.length < 4) continue;
    const [sha, subject, trailerText] = f;
    const dataSource = parseTrailerLines(trailerText)
      .filter((t) => t.key.toLowerCase() === "data-source")
      .map((t) => t.value);
    // numstat -z: "added\tdeleted\tpath\0" per file.
    for (const entry of f.slice(3).join("\x1d").split("\0")) {
      const m = /^\n?(\d+|-)\t(\d+|-)\t(.+)$/s.exec(entry);
      if (!m) continue;
      const list = out.get(m[3]);
      if (!list || m[1] === "0") continue;
      list.push({ commit: sha, subject, rows: m[1] === "-" ? null : Number(m[1]), dataSource });
    }
  }
  // The oldest delivery of a CSV file created it: its first line is the header.
  for (const [path, list] of out) {
    const first = list.at(-1);
    if (first?.rows && /\.(csv|tsv)$/i.test(path)) first.rows--;
  }
  return out;
}

/** The files of a snapshot that are append-only on its branch type. */
export function appendOnlyFiles(config: Config, type: string | null, paths: string[]): string[] {
  const globs = appendOnlyGlobs(config, type);
  return globs.length ? paths.filter((p) => matchesAny(p, globs)) : [];
}
