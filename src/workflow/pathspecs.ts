// Config globs are micromatch-style (a glob without "/" matches a name at any depth); git
// pathspecs need the same meaning spelled with the :(glob) magic.

/** A config glob as a git pathspec with the same meaning. */
export function globToPathspec(glob: string): string {
  const g = glob.startsWith("/") ? glob.slice(1) : glob.includes("/") ? glob : `**/${glob}`;
  return `:(glob)${g}`;
}

/** Config globs as git pathspecs. */
export function globsToPathspecs(globs: string[]): string[] {
  return globs.map(globToPathspec);
}

/**
 * The fixed directory (or file) in front of each glob's first wildcard: "data/**" -> "data",
 * "models/best.pt" -> "models/best.pt"; globs that start with a wildcard have no root.
 */
export function globRoots(globs: string[]): string[] {
  const roots = new Set<string>();
  for (const raw of globs) {
    const g = raw.replace(/^\//, "");
    if (!g.includes("/") && /[*?[{]/.test(g)) continue;
    const parts = g.split("/");
    const fixed: string[] = [];
    for (const p of parts) {
      if (/[*?[{]/.test(p)) break;
      fixed.push(p);
    }
    if (fixed.length) roots.add(fixed.join("/"));
  }
  return [...roots].sort();
}
