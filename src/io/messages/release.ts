import { P } from "./common.js";

const few = (lines: string[]) =>
  lines
    .slice(0, 5)
    .map((l) => `  ${l}`)
    .join("\n") + (lines.length > 5 ? `\n  ... and ${lines.length - 5} more` : "");

/** Messages of `mlbranch release`. */
export const relMsg = {
  badClient: (c: string) =>
    `${P} "${c}" is not a client id (letters, digits, ".", "_" and single "-" between them, e.g. acme).`,
  noTagPattern: () =>
    `${P} no branch type in mlbranch.json has a tagPattern, so no tag is a release; add "tagPattern": "{prefix}-{n}" to the stable type.`,
  noReleases: (client: string, where: string) =>
    `${P} ${where} has no release of client ${client} (no tag fitting its tagPattern). List every tag with: ${where === "this repository" ? "git tag --list" : `git ls-remote --tags ${where}`}`,
  notClientsRelease: (tag: string, client: string, pattern: string) =>
    `${P} ${tag} is not a release of client ${client} (its tags are ${pattern.replaceAll("{prefix}", client)}); nothing was written. List them: mlbranch release ${client}`,
  noSuchTag: (tag: string, where: string) =>
    `${P} ${where} has no tag ${tag}; nothing was written. List the releases: mlbranch release <client-id>${where === "this repository" ? "" : ` --from ${where}`}`,
  notAnnotated: (tag: string) =>
    `${P} ${tag} is a lightweight tag, not an mlbranch release (mlbranch tag makes annotated tags recording the model's blob ids); nothing was written.`,
  notMlbranchTag: (tag: string) =>
    `${P} the message of tag ${tag} is not an mlbranch release record ("<tag>: <branch> at <commit>", then models:); nothing was written. Tags are made with mlbranch tag.`,
  messageOfOtherTag: (tag: string, named: string) =>
    `${P} tag ${tag} carries the release record of ${named}: the tag was copied or renamed, so what it names is not what was released as ${tag}; nothing was written. Ask the model's owners.`,
  movedTag: (tag: string, recorded: string, now: string, files: string[]) =>
    `${P} tag ${tag} was moved: its release record names commit ${recorded.slice(0, 12)}, but the tag now points at ${now.slice(0, 12)}. Refusing to deliver it; nothing was written. Ask the model's owners which commit is the release (release tags never move).` +
    (files.length ? `\n  Files that differ from the recorded blob ids:\n${few(files)}` : ""),
  blobMismatch: (tag: string, files: string[]) =>
    `${P} the files of ${tag} do not match the blob ids its release record names:\n${few(files)}\n  Refusing to deliver it; nothing was written.`,
  recordedMissing: (tag: string, files: string[]) =>
    `${P} ${tag}'s release record names model files its commit does not hold:\n${few(files)}\n  Refusing to deliver it; nothing was written.`,
  lfsMissing: (tag: string, path: string, oid: string, why: string) =>
    `${P} the Git LFS object of ${path} (${oid.slice(0, 12)}) in ${tag} could not be fetched: ${why}. Nothing was written. Ask the model's owners to push it (git lfs push --all origin), or name the LFS server with --lfs-url.`,
  lfsBadContent: (path: string, oid: string) =>
    `${P} the Git LFS object fetched for ${path} does not hash to ${oid.slice(0, 12)} (or has another size) than its pointer says; nothing was written.`,
  nothingDeliverable: (tag: string, globs: string[]) =>
    `${P} ${tag} holds no deliverable file (deliverables: ${globs.join(", ") || "none"}); nothing was written. Set the stable type's deliverables in mlbranch.json.`,
  targetNotEmpty: (dir: string) =>
    `${P} ${dir} exists and is not empty; nothing was written. Choose another folder with --into, or replace it with --force.`,
  targetNotDir: (dir: string) => `${P} ${dir} exists and is not a folder; nothing was written.`,
  fetchFailed: (where: string, why: string) =>
    `${P} cannot fetch from ${where}: ${gitReason(why)}. Check the URL and your access (git ls-remote --tags ${where}).`,
  filterIgnored: (where: string) =>
    `${P} warning: ${where} ignored the partial-clone filter (uploadpack.allowFilter is off on that server), so the whole tagged commit was fetched, not only the delivered files.`,
  delivered: (tag: string, dir: string, n: number) =>
    `${P} delivered ${n} file${n === 1 ? "" : "s"} of ${tag} into ${dir}, each verified against the release record.`,
  tagOrLatest: () => `give a tag of the client, or --latest, to fetch a release (--into <dir>).`,
};

// git's last lines of complaint as one sentence: "fatal: " prefixes and blank lines dropped.
function gitReason(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^(fatal|error):\s*/, "").trim())
    .filter(Boolean);
  return (lines.slice(-3).join(" ") || "git gave no reason").replace(/\.+$/, "");
}
