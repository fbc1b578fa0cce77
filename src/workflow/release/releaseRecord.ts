/** What `mlbranch tag` wrote in a release tag's message (see tagMessage in workflow/tag.ts). */
export interface ReleaseRecord {
  /** The tag name the record was written for. */
  name: string;
  /** The stable branch the run was trained on. */
  branch: string;
  /** The commit that was tagged. */
  commit: string;
  /** Model files and their blob ids at that commit. */
  models: Record<string, string>;
  /** The latest tracking record when the tag was made (null: none, or not JSON). */
  tracking: Record<string, unknown> | null;
}

const HEAD_LINE = /^(\S+): (\S+) at ([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;
const ENTRY = /^ {2}(.+) ([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;

/** The release record of a tag message, or null when the message is not one. */
export function parseReleaseRecord(message: string): ReleaseRecord | null {
  const lines = message.replace(/\r\n/g, "\n").split("\n");
  const head = HEAD_LINE.exec(lines[0] ?? "");
  if (!head || !lines.includes("models:")) return null;
  const models: Record<string, string> = {};
  let section = "";
  let tracking: Record<string, unknown> | null = null;
  for (const line of lines.slice(1)) {
    if (!line.startsWith("  ")) {
      section = line.startsWith("tracking") ? "tracking" : line.replace(/:$/, "");
      continue;
    }
    if (section === "models") {
      // A path may hold spaces: the blob id is the last word.
      const m = ENTRY.exec(line);
      if (m) models[m[1]] = m[2];
    } else if (section === "tracking" && tracking === null) {
      try {
        const v = JSON.parse(line.trim());
        if (v && typeof v === "object" && !Array.isArray(v)) tracking = v;
      } catch {
        // "(none)" or a line that is not JSON: no metrics to show
      }
    }
  }
  return { name: head[1], branch: head[2], commit: head[3], models, tracking };
}

/** The metrics of a record's tracking line when it is this tag's run (or names no tag). */
export function releaseMetrics(r: ReleaseRecord | null): Record<string, unknown> | null {
  const t = r?.tracking;
  if (!t || (t.tag !== undefined && t.tag !== null && t.tag !== r.name)) return null;
  const m = t.metrics;
  return m && typeof m === "object" && !Array.isArray(m) ? (m as Record<string, unknown>) : null;
}
