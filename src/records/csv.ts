/** One CSV row: its fields, its exact text (may span lines), its ending and first line number. */
export interface CsvRow {
  fields: string[];
  body: string;
  eol: string;
  line: number;
}

/** What is wrong with a CSV text that cannot be read (shared by every CSV reader). */
export const CSV_PROBLEM = {
  neverClosed: 'a quoted field is never closed (missing ")',
  afterQuote: 'text after a closing quote (a quote inside a field must be doubled: "")',
  quoteInside: "a quote inside an unquoted field (quote the field and double the quote)",
};

/** Rows of a CSV/TSV text (RFC 4180 quoting), or the first problem with its line number. */
export function parseCsv(
  text: string,
  delim: string,
): { rows: CsvRow[]; problem: { line: number; message: string } | null } {
  const rows: CsvRow[] = [];
  const d = delim.charCodeAt(0);
  let i = 0;
  let line = 1;
  const n = text.length;
  // The next quote at or after i (-1: none left), searched again only once passed: searching
  // from every row would scan the rest of a quote-free text per row (quadratic).
  let q = -2;
  while (i < n) {
    const start = i;
    const startLine = line;
    // Most rows hold no quote: split them natively instead of walking characters.
    const nl = text.indexOf("\n", i);
    const end = nl === -1 ? n : nl;
    if (q !== -1 && q < i) q = text.indexOf('"', i);
    if (q === -1 || q > end) {
      const cr = end > i && text.charCodeAt(end - 1) === 13;
      const body = text.slice(i, cr ? end - 1 : end);
      const eolText = nl === -1 ? "" : cr ? "\r\n" : "\n";
      rows.push({ fields: body.split(delim), body, eol: eolText, line: startLine });
      i = end + (nl === -1 ? 0 : 1);
      line++;
      continue;
    }
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let fieldStart = true;
    let eol = "";
    for (;;) {
      if (i >= n) {
        if (quoted)
          return {
            rows,
            problem: { line: startLine, message: CSV_PROBLEM.neverClosed },
          };
        break;
      }
      const c = text.charCodeAt(i);
      if (quoted && c !== 34) {
        // Jump to the next quote: quoted text is taken as one slice.
        const q = text.indexOf('"', i);
        const stop = q === -1 ? n : q;
        for (let k = text.indexOf("\n", i); k !== -1 && k < stop; k = text.indexOf("\n", k + 1))
          line++;
        field += text.slice(i, stop);
        i = stop;
        continue;
      }
      if (quoted) {
        if (c === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          const next = text.charCodeAt(i);
          if (i < n && next !== d && next !== 10 && next !== 13)
            return {
              rows,
              problem: {
                line,
                message: CSV_PROBLEM.afterQuote,
              },
            };
          continue;
        }
        if (c === 10) line++;
        field += text[i++];
        continue;
      }
      if (c === 34 && fieldStart) {
        quoted = true;
        fieldStart = false;
        i++;
        continue;
      }
      if (c === 34)
        return {
          rows,
          problem: {
            line,
            message: CSV_PROBLEM.quoteInside,
          },
        };
      if (c === d) {
        fields.push(field);
        field = "";
        fieldStart = true;
        i++;
        continue;
      }
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
        eol = c === 10 ? "\n" : "\r\n";
        break;
      }
      field += text[i++];
      fieldStart = false;
    }
    fields.push(field);
    rows.push({ fields, body: text.slice(start, i), eol, line: startLine });
    i += eol.length;
    line++;
  }
  return { rows, problem: null };
}
