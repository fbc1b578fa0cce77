import type { Config } from "../../config/types.js";
import { execGit } from "../../git/execGit.js";
import { tagRegex } from "../tagName.js";
import { parseReleaseRecord, type ReleaseRecord, releaseMetrics } from "./releaseRecord.js";

/** One release tag of a client, as read from its tag object. */
export interface ReleaseTag {
  name: string;
  /** The number in the tag's pattern (acme-3 -> 3): newest is highest. */
  n: number;
  /** "tag" for an annotated tag, "commit" for a lightweight one. */
  type: string;
  /** The tag object's id (annotated) or the commit (lightweight). */
  object: string;
  /** The commit the tag points at. */
  target: string;
  /** When the tag was made (ISO 8601), when annotated. */
  date: string | null;
  record: ReleaseRecord | null;
  metrics: Record<string, unknown> | null;
}

/** The tag patterns of the config (each type's tagPattern), or none. */
export function tagPatterns(config: Config): string[] {
  return [
    ...new Set(Object.values(config.types).flatMap((t) => (t.tagPattern ? [t.tagPattern] : []))),
  ];
}

/** The number of `name` as a release of `client`, or null when it is not one. */
export function releaseNumber(name: string, client: string, patterns: string[]): number | null {
  for (const p of patterns) {
    const m = tagRegex(p, client).exec(name);
    if (m?.groups?.n) return Number(m.groups.n);
  }
  return null;
}

const SEP = "\u0001";

/** The client's release tags among `names` (all refs/tags when omitted), newest first. */
export function readReleaseTags(
  src: { gitDir: string; env?: NodeJS.ProcessEnv },
  client: string,
  patterns: string[],
  names?: string[],
): ReleaseTag[] {
  const fmt = [
    "%(refname:strip=2)",
    "%(objecttype)",
    "%(objectname)",
    "%(*objectname)",
    "%(taggerdate:iso-strict)",
    "%(contents)",
  ].join(SEP);
  const refs = names ? names.map((n) => `refs/tags/${n}`) : ["refs/tags"];
  const out = execGit(["for-each-ref", `--format=${SEP}${SEP}${fmt}`, ...refs], {
    cwd: src.gitDir,
    env: src.env,
  });
  const tags: ReleaseTag[] = [];
  for (const rec of out.split(`${SEP}${SEP}`)) {
    if (!rec) continue;
    const [name, type, object, peeled, date, message] = rec.split(SEP);
    const n = releaseNumber(name, client, patterns);
    if (n === null) continue;
    const record = type === "tag" ? parseReleaseRecord(message ?? "") : null;
    tags.push({
      name,
      n,
      type,
      object,
      target: type === "tag" ? peeled : object,
      date: date || null,
      record,
      metrics: record && record.name === name ? releaseMetrics(record) : null,
    });
  }
  return tags.sort((a, b) => b.n - a.n || (b.date ?? "").localeCompare(a.date ?? ""));
}
