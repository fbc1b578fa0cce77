/** The first place a line file stopped being an append of its old content. */
export interface LineEdit {
  kind: "deleted" | "changed" | "inserted" | "truncated";
  /** 1-based line number in the old content. */
  line: number;
  /** The old line there (for deleted / changed / truncated), cut to 200 characters. */
  old?: string;
  /** The new line there (for changed / inserted). */
  now?: string;
}

const cut = (s: string) => {
  const t = s.replace(/\r$/, "");
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
};

function lineAt(b: Buffer, start: number): { text: string; end: number } | null {
  if (start >= b.length) return null;
  const nl = b.indexOf(10, start);
  const end = nl < 0 ? b.length : nl + 1;
  return { text: b.subarray(start, nl < 0 ? b.length : nl).toString("utf8"), end };
}

/** Where and how `now` departs from `old` + appended lines: read only around the first change. */
export function lineEdit(old: Buffer, now: Buffer): LineEdit | null {
  const n = Math.min(old.length, now.length);
  let i = 0;
  while (i < n && old[i] === now[i]) i++;
  if (i === old.length) return null;
  // Back to the start of the line holding the first differing byte.
  const start = old.lastIndexOf(10, i - 1) + 1;
  let line = 1;
  for (let k = old.indexOf(10); k >= 0 && k < start; k = old.indexOf(10, k + 1)) line++;
  const o1 = lineAt(old, start);
  const n1 = lineAt(now, start);
  if (!o1) return null;
  if (!n1) return { kind: "truncated", line, old: cut(o1.text) };
  const o2 = lineAt(old, o1.end);
  const n2 = lineAt(now, n1.end);
  if (o2 && o2.text === n1.text) return { kind: "deleted", line, old: cut(o1.text) };
  if (n2 && n2.text === o1.text) return { kind: "inserted", line, now: cut(n1.text) };
  return { kind: "changed", line, old: cut(o1.text), now: cut(n1.text) };
}
