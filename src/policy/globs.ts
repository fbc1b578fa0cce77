import micromatch from "micromatch";

const cache = new Map<string, (path: string) => boolean>();

// Patterns without a slash match a file's name at any depth ("*.pt" matches models/a.pt), as in
// .gitignore; a leading "/" anchors at the root; dotfiles are ordinary files.
function normalize(glob: string): string {
  if (glob.startsWith("/")) return glob.slice(1);
  return glob.includes("/") ? glob : `**/${glob}`;
}

/** True when a repository path matches any of the globs. */
export function matchesAny(path: string, globs: string[] | undefined): boolean {
  if (!globs || globs.length === 0) return false;
  const key = globs.join("\0");
  let m = cache.get(key);
  if (!m) {
    const each = globs.map((g) => micromatch.matcher(normalize(g), { dot: true }));
    m = (p: string) => each.some((f) => f(p));
    cache.set(key, m);
  }
  return m(path);
}

/** True when a branch name matches any glob ("dev/**" matches "dev/a/b"; no base-name matching). */
export function branchMatches(branch: string, globs: string[]): boolean {
  // micromatch lets "dev/**" match "dev" itself; a branch type "dev/**" means branches under dev/.
  return globs.some((g) => !(g.endsWith("/**") && branch === g.slice(0, -3)) && micromatch.isMatch(branch, g, { dot: true }));
}
