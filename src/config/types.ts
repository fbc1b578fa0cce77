/** One required or optional commit-message trailer. */
export interface TrailerRule {
  key: string;
  paths?: string[];
  pattern?: string;
  required?: boolean;
  example?: string;
}

/** A branch type and the rules a commit on it must obey. Globs are already expanded. */
export interface BranchType {
  description?: string;
  match: string[];
  allow?: string[];
  deny?: string[];
  appendOnly?: string[];
  codeOnlyByMerge?: string[];
  /** Branch types whose branches may supply codeOnlyByMerge code (default ["dev"]). */
  codeFrom?: string[];
  /** Refuse LFS pointers whose object is nowhere to be had (otherwise a warning). */
  requireLfsObjects?: boolean;
  trailers?: TrailerRule[];
  maxFileSize?: number;
  protected?: boolean;
  tagPattern?: string;
  /** With tagPattern: what a client gets from a release tag (never data paths). */
  deliverables?: string[];
  /** Data contracts (files[glob].tableSchema): refuse, warn or off; unset means warn. */
  contracts?: "refuse" | "warn" | "off";
  /** What committed Jupyter notebooks may carry (outputs, execution counts, output size). */
  notebooks?: {
    outputs?: "keep" | "strip" | "refuse";
    executionCounts?: "keep" | "strip" | "refuse";
    /** Bytes, once loaded (the file may say "2 MiB"). */
    maxOutputSize?: number;
  };
  /** Rules added by later modules (split, monitor) live under their own keys. */
  [extra: string]: unknown;
}

/** Per-path settings for merge drivers and data validation. */
export interface FileSettings {
  merge?: "jsonl" | "csv" | "lines" | "json" | "sqlite" | "theirs" | "text";
  key?: string[];
  schema?: string;
  /** Frictionless Table Schema (repository path) for CSV, TSV and JSON Lines tables. */
  tableSchema?: string;
  appendOnly?: boolean;
  onKeyConflict?: "conflict" | "ours" | "theirs" | "keep-both";
  onConflict?: "conflict" | "ours" | "theirs";
  cellwise?: boolean;
  tables?: Record<
    string,
    { onConflict?: "conflict" | "ours" | "theirs"; cellwise?: boolean; rekey?: boolean }
  >;
}

/** The validated, defaults-applied configuration. */
export interface Config {
  version: 1;
  defaultBranch: string;
  unknownBranch: "allow" | "warn" | "deny";
  /** Ref globs outside refs/heads and refs/tags a push may update (e.g. refs/notes/*). */
  otherRefs: string[];
  /** Release tags (fitting a type's tagPattern) may be created but never moved or deleted (default true). */
  immutableTags: boolean;
  /** The commit history had when mlbranch was adopted: pushes and CI skip what it contains. */
  adoptedAt?: string;
  globs: Record<string, string[]>;
  types: Record<string, BranchType>;
  files: Record<string, FileSettings>;
  tracking: {
    file: string;
    schema?: string;
    /** MLflow stores kept in git (file store dir, SQLite db, artifacts copied, model-tag key). */
    mlflow?: { dir?: string; db?: string; artifacts?: boolean; tagKey?: string };
  };
  /**
   * pre-push / pre-receive: the default branch as it was before the push, whose .gitattributes
   * say which paths hold records in the pushed commits (never the pushed .gitattributes).
   */
  attributesRev?: string;
  /** Where the config came from: a file path, "<rev>:mlbranch.json", or "defaults". */
  source: string;
}
