/** Where a monitor's (or drift's) reference data is: a repository (null: this one), a rev, a path. */
export interface ReferenceSpec {
  /** Git URL or path of the model's repository; null for the same-repository form. */
  repo: string | null;
  /** Revision, usually a tag pattern such as "{tag}". */
  rev: string;
  /** Path inside the revision; may be a glob. */
  path: string;
}

/**
 * Parse `[<repository>#]<rev>:<path>`. The first `#` separates the repository (git URLs have no
 * fragment; an scp-like URL has a colon of its own, so "#" is the only unambiguous mark), and
 * text without "#" is the same-repository form, read as before. Returns a string saying what is
 * wrong when the text is malformed.
 */
export function parseReference(spec: string): ReferenceSpec | string {
  const hash = spec.indexOf("#");
  const colon = spec.indexOf(":");
  if (hash < 0) {
    if (colon <= 0 || colon === spec.length - 1)
      return `is not <rev>:<path> (e.g. "{tag}:data/train.*")`;
    return { repo: null, rev: spec.slice(0, colon), path: spec.slice(colon + 1) };
  }
  const repo = spec.slice(0, hash);
  const rest = spec.slice(hash + 1);
  const c = rest.indexOf(":");
  if (!repo) return `names no repository before "#"`;
  if (c <= 0 || c === rest.length - 1)
    return `names the repository ${repo} but no <rev>:<path> after "#" (e.g. "${repo}#{tag}:data/train.*")`;
  return { repo, rev: rest.slice(0, c), path: rest.slice(c + 1) };
}

/** The spec with {tag} replaced: what one model tag's reference is. */
export function referenceFor(r: ReferenceSpec, tag: string): ReferenceSpec {
  return {
    repo: r.repo,
    rev: r.rev.replaceAll("{tag}", tag),
    path: r.path.replaceAll("{tag}", tag),
  };
}

/** The spec as text again (`repo#rev:path` or `rev:path`). */
export function referenceText(r: ReferenceSpec): string {
  return `${r.repo === null ? "" : `${r.repo}#`}${r.rev}:${r.path}`;
}
