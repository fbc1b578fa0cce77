// Dates, times, datetimes and durations as Table Schema reads them: ISO 8601 by default, a
// strptime-like pattern ("%d/%m/%Y", or v1's "fmt:%d/%m/%Y"), or "any" (what Date.parse reads).
// Each returns a sortable canonical text (null when the value is not one).

const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const DURATION =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (d <= DAYS[m - 1]) return true;
  return m === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
const validTime = (h: number, mi: number, s: number) => h < 24 && mi < 60 && s < 61;

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};

/** An ISO date YYYY-MM-DD that exists in the calendar, or null (read without a regex: hot). */
export function isoDate(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  return y >= 0 && m >= 0 && d >= 0 && validDate(y, m, d) ? s : null;
}

/** An ISO time hh:mm:ss[.f][zone], or null. */
export function isoTime(s: string): string | null {
  const m = TIME.exec(s);
  return m && validTime(+m[1], +m[2], +m[3]) ? s : null;
}

/** An ISO datetime YYYY-MM-DDThh:mm:ss[.f][zone], or null. */
export function isoDatetime(s: string): string | null {
  const m = DATETIME.exec(s);
  return m && validDate(+m[1], +m[2], +m[3]) && validTime(+m[4], +m[5], +m[6]) ? s : null;
}

/** An ISO 8601 duration's length in seconds (a year 365 days, a month 30), or null. */
export function durationSeconds(s: string): number | null {
  const m = DURATION.exec(s);
  if (!m) return null;
  const [y, mo, w, d, h, mi, sec] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return ((((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + sec) as number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DIRECTIVES: Record<string, [string, string | null]> = {
  Y: ["(\\d{4})", "Y"],
  y: ["(\\d{2})", "y"],
  m: ["(\\d{1,2})", "m"],
  d: ["(\\d{1,2})", "d"],
  H: ["(\\d{1,2})", "H"],
  I: ["(\\d{1,2})", "I"],
  M: ["(\\d{1,2})", "M"],
  S: ["(\\d{1,2})", "S"],
  f: ["(\\d{1,6})", "f"],
  p: ["(AM|PM|am|pm)", "p"],
  b: ["([A-Za-z]{3})", "b"],
  B: ["([A-Za-z]{3,9})", "b"],
  a: ["[A-Za-z]{3}", null],
  A: ["[A-Za-z]{6,9}", null],
  j: ["(\\d{1,3})", "j"],
  z: ["(Z|[+-]\\d{2}:?\\d{2})", "z"],
  Z: ["[A-Za-z]{1,5}", null],
  "%": ["%", null],
};

/** A compiled strptime pattern: parse(text) -> parts, or a problem for the schema. */
export interface Pattern {
  parse(s: string): Record<string, string> | null;
}

/** Compile a strptime pattern ("%d/%m/%Y"); a string is the problem with it. */
export function compilePattern(fmt: string): Pattern | string {
  let re = "^";
  const names: (string | null)[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== "%") {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    const d = DIRECTIVES[fmt[++i]];
    if (!d)
      return `"%${fmt[i] ?? ""}" is not a date/time directive this reader knows (use %Y %y %m %d %H %I %M %S %f %p %b %B %a %A %j %z %Z %%)`;
    re += d[0];
    if (d[0].startsWith("(")) names.push(d[1]);
  }
  const rx = new RegExp(`${re}$`);
  return {
    parse(s) {
      const m = rx.exec(s);
      if (!m) return null;
      const out: Record<string, string> = {};
      names.forEach((n, k) => {
        if (n) out[n] = m[k + 1];
      });
      return out;
    },
  };
}

/** Parts of a strptime match as a canonical date, time and datetime; null when out of range. */
export function fromParts(
  p: Record<string, string>,
  kind: "date" | "time" | "datetime",
): string | null {
  let y = p.Y ? +p.Y : p.y ? 2000 + +p.y - (+p.y >= 69 ? 100 : 0) : 1900;
  let mo = p.m ? +p.m : 1;
  if (p.b) {
    const k = MONTHS.indexOf(p.b.slice(0, 3).toLowerCase());
    if (k < 0) return null;
    mo = k + 1;
  }
  let d = p.d ? +p.d : 1;
  if (p.j) {
    const t = new Date(Date.UTC(y, 0, +p.j));
    if (t.getUTCFullYear() !== y) return null;
    mo = t.getUTCMonth() + 1;
    d = t.getUTCDate();
  }
  let h = p.H ? +p.H : 0;
  if (p.I) {
    h = +p.I;
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (p.p?.toLowerCase() === "pm" ? 12 : 0);
  }
  const mi = p.M ? +p.M : 0;
  const s = p.S ? +p.S : 0;
  if (!validDate(y, mo, d) || !validTime(h, mi, s)) return null;
  y = Math.trunc(y);
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  const time = `${pad(h)}:${pad(mi)}:${pad(s)}${p.f ? `.${p.f}` : ""}${p.z ?? ""}`;
  return kind === "date" ? date : kind === "time" ? time : `${date}T${time}`;
}

/** format "any": whatever Date.parse reads, as a canonical value of the kind; null otherwise. */
export function anyTemporal(s: string, kind: "date" | "time" | "datetime"): string | null {
  const iso = kind === "date" ? isoDate(s) : kind === "time" ? isoTime(s) : isoDatetime(s);
  if (iso) return iso;
  const t = Date.parse(kind === "time" ? `1970-01-01T${s}` : s);
  if (Number.isNaN(t)) return null;
  const x = new Date(t).toISOString();
  return kind === "date" ? x.slice(0, 10) : kind === "time" ? x.slice(11, 19) : x;
}
