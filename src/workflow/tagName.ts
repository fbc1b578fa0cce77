import { execGit } from "../git/execGit.js";

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A tag pattern ("{prefix}-{n}") as a regex; with a prefix, only that prefix's tags match. */
export function tagRegex(pattern: string, prefix?: string): RegExp {
  // A placeholder used twice ("{prefix}-{n}-rc{n}") names its group once, then refers back to it.
  const seen = new Set<string>();
  const group = (name: string, re: string) => {
    if (seen.has(name)) return `\\k<${name}>`;
    seen.add(name);
    return `(?<${name}>${re})`;
  };
  const body = pattern
    .split(/(\{prefix\}|\{n\})/)
    .map((part) =>
      part === "{n}"
        ? group("n", "[1-9][0-9]*")
        : part === "{prefix}"
          ? prefix === undefined
            ? group("prefix", "[A-Za-z0-9._-]+?")
            : esc(prefix)
          : esc(part),
    )
    .join("");
  return new RegExp(`^${body}$`);
}

/** The tag name for a prefix and number. */
export function formatTag(pattern: string, prefix: string | undefined, n: number): string {
  return pattern.replaceAll("{prefix}", prefix ?? "").replaceAll("{n}", String(n));
}

/** True when the pattern needs a prefix. */
export function needsPrefix(pattern: string): boolean {
  return pattern.includes("{prefix}");
}

/** Every tag name in the repository. */
export function allTags(cwd: string): string[] {
  const out = execGit(["for-each-ref", "--format=%(refname:strip=2)", "refs/tags"], { cwd });
  return out ? out.split("\n") : [];
}

/** The next tag: the highest n among existing tags for the prefix, plus 1. */
export function nextTagName(
  tags: string[],
  pattern: string,
  prefix: string | undefined,
): { name: string; n: number; previous: string | null } {
  const re = tagRegex(pattern, prefix);
  let best = 0;
  let previous: string | null = null;
  for (const t of tags) {
    const m = re.exec(t);
    const n = m?.groups?.n ? Number(m.groups.n) : 0;
    if (n > best) {
      best = n;
      previous = t;
    }
  }
  return { name: formatTag(pattern, prefix, best + 1), n: best + 1, previous };
}

/** The prefix of the newest pattern tag reachable from HEAD (so `mlbranch tag` needs no --prefix). */
export function inferPrefix(cwd: string, pattern: string): string | undefined {
  const re = tagRegex(pattern);
  const out = execGit(
    ["tag", "--merged", "HEAD", "--sort=-creatordate", "--format=%(refname:strip=2)"],
    { cwd },
  );
  for (const t of out ? out.split("\n") : []) {
    const m = re.exec(t);
    if (m?.groups?.prefix) return m.groups.prefix;
  }
  return undefined;
}
