import { P } from "./common.js";

/** Messages of the workflow commands that refuse rather than guess (issue 28). */
export const wfGuard = {
  tagHeldElsewhere: (name: string, branch: string) =>
    `${P} ${name} is held for the training run on ${branch} (its mlbranch tag --next or track --tag), so this run cannot take it. Run mlbranch tag --next here for a name of its own, and log that one with track --tag.`,
  tagLoggedTaken: (name: string) =>
    `${P} this run logged its tag as ${name} (the latest record of the tracking file), but ${name} is already the tag of another run (git show ${name}). The record and the tag must agree: run mlbranch tag --next for a free name, track the run again with --tag <that name>, commit, then tag.`,
  tagReservedTaken: (name: string, branch: string) =>
    `${P} ${name} is the name mlbranch tag --next gave this run on ${branch}, but ${name} is now the tag of another run (git show ${name}: made in another clone, where this reservation could not be seen; reservations are refs of one repository). Tagging this run ${name} is impossible and another name would silently rename it. Run mlbranch tag --next for a new name (it gives ${name} back), log it with track --tag <new name> where the old name was recorded, commit, then tag.`,
  trackHeldElsewhere: (name: string, branch: string) =>
    `${P} --tag ${name} is held for the training run on ${branch}; this run would log a name another run will tag. Run mlbranch tag --next here and pass that name to --tag.`,
  noDefaultBranch: (def: string, from: string, branch: string) =>
    `${P} the default branch ${def} (defaultBranch in mlbranch.json) is neither here nor at origin/${def}, so the commits ${from} would bring onto ${branch} cannot be told apart and judged. Set "defaultBranch" in mlbranch.json to this repository's default branch (e.g. "trunk"), or fetch ${def}, then run the command again.`,
  remoteBranchExists: (b: string, remote: string) =>
    `${P} ${remote} exists: ${b} is already a branch of this project, and a new ${b} would start a second history beside it. Check it out instead: git switch ${b} (it tracks ${remote}).`,
  pullShallow: (b: string) =>
    `${P} this is a shallow clone: the last pull from ${b} (its Derived-From trailer) may be in the history that was cut off, and without it rows cleaning removed would come back. Fetch the whole history first: git fetch --unshallow (in CI: actions/checkout with fetch-depth: 0).`,
  pullBaseMissing: (b: string, value: string, shallow: boolean) =>
    `${P} the last pull from ${b} came from ${value}, and that commit is not in this clone, so the records new since then cannot be told apart from those cleaning removed. ${
      shallow
        ? "Fetch the whole history: git fetch --unshallow."
        : `Fetch it: git fetch origin ${b.replace(/^[^/]+\//, "")} (if ${b} was rebased or force-pushed, fetch the old commit by its sha, or pull the paths whose records you want with mlbranch pull-data after removing them here).`
    }`,
};

/** drift's refusals: nothing to compare is not "no drift". */
export const driftGuard = {
  emptyTable: (side: string, spec: string) =>
    `${P} the ${side} data ${spec} has no records, so there is nothing to judge: an empty batch is what a broken upstream pipeline delivers. Check the file (or the query that wrote it) and run drift on a batch with rows.`,
  badMissingShare: (v: string) =>
    `${P} --missing takes a share between 0 and 1 (got "${v}"), e.g. --missing 0.1.`,
};

/** split's refusals. */
export const splitGuard = {
  emptyInput: (input: string) =>
    `${P} ${input} has no records to split, so neither the split nor the --key can be checked. Split a file with records (a CSV file needs its header and at least one row).`,
  badOut: (out: string, why: string) =>
    `${P} cannot write the split files to --out ${out}: ${why}. Give a directory you can write (it is created when missing), e.g. --out data/split.`,
};

/** lineage's refusals: every source named, or a say-so. */
export const lineageGuard = {
  sourceMissing: (branch: string, sha: string, shallow: boolean) =>
    `${P} the data came from ${branch}@${sha} (a Derived-From trailer), and that commit is not in this clone, so its sources cannot be named. ${
      shallow
        ? "This is a shallow clone: git fetch --unshallow, then run lineage again."
        : `Fetch it (git fetch origin ${branch}, or by its sha if ${branch} was rebased and force-pushed: git fetch origin ${sha}), then run lineage again.`
    }`,
};

/** compare's refusals. */
export const compareGuard = {
  rateNotBinary: (source: string, col: string, row: number, value: string | null) =>
    `${P} --metric rate is the share of 1s among 0/1 (or true/false) outcomes, but ${source} has ${col} = ${value} in record ${row}. For counts or amounts use --metric mean (or median) --value ${col}; for a rate, give a 0/1 column.`,
};

/** conflicts: a filter that finds nothing is not "no conflicts". */
export const conflictGuard = {
  otherTables: (file: string, table: string, n: number, tables: string[]) =>
    `${P} ${file} has no conflicts in table ${table}, but ${n} conflict${n === 1 ? "" : "s"} remain in ${tables.join(", ")}: mlbranch conflicts ${file}${tables.length === 1 ? ` --table ${tables[0]}` : ""}.`,
};
