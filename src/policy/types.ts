import type { BranchType, Config } from "../config/types.js";
import type { AppendPair } from "../git/appendProofs.js";
import type { BlobReader } from "../git/blobs.js";
import type { Change } from "../git/changes.js";
import type { Trailer } from "../git/commits.js";

/** One broken rule: which rule, which file, where, and how to do it right. */
export interface Violation {
  rule: string;
  path: string | null;
  branch: string;
  type: string | null;
  /** The commit judged; null for the commit being made. */
  commit: string | null;
  message: string;
  fix: string;
  severity: "error" | "warning";
  /** The commit a fix rewrites when not `commit` (a merge that should carry a trailer). */
  fixAt?: string;
}

/** A commit that a merge brings in from another branch. */
export interface BroughtIn {
  sha: string;
  subject: string;
  trailers: Trailer[];
  changes: Change[];
}

/** Everything a rule may look at for one commit (made or being made) on one branch. */
export interface RuleContext {
  cwd: string;
  config: Config;
  branch: string;
  typeName: string;
  type: BranchType;
  /** The commit judged; null for the commit being made (index vs HEAD). */
  commit: string | null;
  /** Parents in order; [] for a root commit. For a commit in progress: HEAD then MERGE_HEAD(s). */
  parents: string[];
  /** Changes against the first parent (what this commit brings onto the branch). */
  changes: Change[];
  /** Trailers of the message; null when the message is not known yet (pre-commit). */
  trailers: Trailer[] | null;
  /** Non-merge commits a merge brings in (empty for non-merges); computed on first use. */
  broughtIn(): BroughtIn[];
  blobs: BlobReader;
  /** True when judging the index (pre-commit / pre-merge-commit). */
  staged: boolean;
  /**
   * Refs the same push creates or moves (full name -> new sha), judged together with these
   * commits: a tag or a dev branch the push brings counts as if the receiver had it. Empty
   * outside pre-push / pre-receive.
   */
  pushed: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
}

/** A rule: one module each, with a stable id used in messages and --json. */
export interface Rule {
  id: string;
  check(ctx: RuleContext): Violation[];
  /**
   * Work every commit of one check shares, done once before any prefetch (a push of 1,000
   * commits asks git one question, not one per commit).
   */
  prepare?(contexts: RuleContext[]): void;
  /**
   * Streamed reading check() needs, done after every prefetch and proof, one commit at a time
   * (the split rule reads each split file's ids here: memory stays one piece and the ids).
   */
  read?(ctx: RuleContext): Promise<void>;
  /**
   * What check() will read, fetched for every rule at once. `prefixes`: [old, new] blob pairs
   * where the old one is expected to be the start of the new one (an append); it is read only
   * when that turns out false. List the new one in `blobs` too. `appends`: the same pairs with
   * their path; those too big to hold or kept in Git LFS are proven by one streamed read of the
   * new version (ctx.blobs.proofs).
   */
  prefetch?(ctx: RuleContext): {
    blobs?: string[];
    commits?: string[];
    prefixes?: [string, string][];
    appends?: AppendPair[];
  };
}
