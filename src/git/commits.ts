import { execGit, execGitBuffer } from "./execGit.js";

/** A commit's identity, parents and the trailers git parses from its message. */
export interface CommitInfo {
  sha: string;
  parents: string[];
  subject: string;
  trailers: Trailer[];
}

/** One `Key: value` trailer. */
export interface Trailer {
  key: string;
  value: string;
}

/** Split "Key: value" lines (as printed by git's trailer parser) into trailers. */
export function parseTrailerLines(text: string): Trailer[] {
  const out: Trailer[] = [];
  for (const line of text.split(/\x1f|\n/)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\s*[:=]\s?(.*)$/.exec(line.trim());
    if (m) out.push({ key: m[1], value: m[2].trim() });
  }
  return out;
}

/** Parents, subject and trailers of many commits with one `git log --no-walk --stdin`. */
export function commitInfos(cwd: string, shas: string[]): Map<string, CommitInfo> {
  const map = new Map<string, CommitInfo>();
  if (!shas.length) return map;
  const out = execGitBuffer(
    [
      "log",
      "--no-walk=unsorted",
      "--stdin",
      "--format=%H%x00%P%x00%s%x00%(trailers:unfold,separator=%x1f)%x00%x1e",
    ],
    { cwd, input: shas.join("\n") + "\n" },
  ).toString("utf8");
  for (const rec of out.split("\x1e")) {
    const [sha, parents, subject, trailers] = rec.replace(/^\n/, "").split("\0");
    if (!sha) continue;
    map.set(sha, {
      sha,
      parents: parents ? parents.split(" ") : [],
      subject: subject ?? "",
      trailers: parseTrailerLines(trailers ?? ""),
    });
  }
  return map;
}

/** First-parent commits in `from..to` (all of `to`'s history when from is null), oldest first. */
export function firstParentCommits(cwd: string, from: string | null, to: string): string[] {
  const args = ["rev-list", "--first-parent", "--reverse", to];
  if (from) args.push(`^${from}`);
  const out = execGit(args, { cwd });
  return out ? out.split("\n") : [];
}

/** Non-merge commits a merge brings in: reachable from its other parents, not from the first. */
export function broughtInCommits(cwd: string, merge: string, firstParent: string): string[] {
  const out = execGit(["rev-list", "--no-merges", "--reverse", merge, `^${firstParent}`], { cwd });
  return out ? out.split("\n") : [];
}

/** Trailers of a commit message text (comments and the scissors section removed first). */
export function messageTrailers(cwd: string, message: string, commentChar = "#"): Trailer[] {
  const lines: string[] = [];
  for (const line of message.split("\n")) {
    if (line.startsWith(`${commentChar} ------------------------ >8 ------------------------`))
      break;
    if (line.startsWith(commentChar)) continue;
    lines.push(line);
  }
  const out = execGit(["interpret-trailers", "--parse", "--no-divider"], {
    cwd,
    input: lines.join("\n") + "\n",
  });
  return parseTrailerLines(out);
}
