/** One record of a file: its text without the line ending, that ending, and what identifies it. */
export interface Rec {
  /** Exact text (no line ending); untouched records are written back byte for byte. */
  body: string;
  /** "\n", "\r\n" or "" (last line without a newline). */
  eol: string;
  /** Identity: the key fields (as JSON) or the canonical record. */
  id: string;
  /** Canonical content: two records with the same content are the same record. */
  content: string;
  /** 1-based line where the record starts, for messages. */
  line: number;
}

/** A parse problem: which side, which line, what. */
export interface ParseProblem {
  side: "base" | "ours" | "theirs";
  line: number;
  message: string;
}
