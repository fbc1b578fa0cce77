// MLflow writes meta.yaml with PyYAML's safe_dump(default_flow_style=False): keys sorted, plain
// scalars where they read back as the same string, single quotes otherwise.
const NEEDS_QUOTES =
  /^$|^[-?:,[\]{}#&*!|>'"%@`\s]|[\s]$|: | #|^(?:[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|[-+]?\.inf|\.nan|true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(v: unknown): string {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? ".inf" : "-.inf";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return v.length ? `[${v.map(scalar).join(", ")}]` : "[]";
  const s = String(v);
  return NEEDS_QUOTES.test(s) ? `'${s.replace(/'/g, "''")}'` : s;
}

/** A flat mapping as MLflow's meta.yaml holds it. */
export function dumpYaml(o: Record<string, unknown>): string {
  return Object.keys(o)
    .sort()
    .map((k) => `${k}: ${scalar(o[k])}\n`)
    .join("");
}

/** Read a flat meta.yaml (the scalars MLflow writes); nested values are ignored. */
export function parseYaml(text: string): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z_][\w.]*):(?: (.*))?$/.exec(line);
    if (!m) continue;
    const raw = (m[2] ?? "").trim();
    if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2)
      out[m[1]] = raw.slice(1, -1).replace(/''/g, "'");
    else if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
      try {
        out[m[1]] = JSON.parse(raw);
      } catch {
        out[m[1]] = raw.slice(1, -1);
      }
    } else if (raw === "" || raw === "null" || raw === "~") out[m[1]] = null;
    else if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) out[m[1]] = Number(raw);
    else out[m[1]] = raw;
  }
  return out;
}
