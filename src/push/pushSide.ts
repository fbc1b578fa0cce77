/** Where the check runs: the client knows a remote's refs, the server its own branches. */
export interface PushSide {
  /** rev-list arguments after --not that name what the receiver already has. */
  known: string[];
  /** Ref prefixes of branches that may contain a tagged commit. */
  branchRefs: string[];
  /** Turn one of those refs into a branch name. */
  branchName(ref: string): string;
  /** The ref that holds the receiver's copy of a branch (the default branch, for new ones). */
  receiverRef(branch: string): string;
}
