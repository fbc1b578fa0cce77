import { EXIT, UsageError } from "../io/errors.js";
import { msg } from "../io/messages/common.js";
import { relMsg } from "../io/messages/release.js";
import { deliverRelease } from "../workflow/release/deliverRelease.js";
import { listReleases } from "../workflow/release/listReleases.js";
import type { Command } from "./command.js";
import { parseArgs } from "./parseArgs.js";

const help = `Usage: mlbranch release <client-id> [--from <url>] [--json]
       mlbranch release <client-id> (<tag> | --latest) [--from <url>] [--into <dir>] [--force]
                        [--lfs-url <url>] [--json]

A client's releases are the tags <client-id>-<n> made by mlbranch tag on a stable branch.
Without a tag: list them, newest first, with the metrics of each one's tracking record. With a
tag (or --latest): fetch that release into a folder, and nothing else: only the files the stable
type declares deliverable (mlbranch.json "deliverables": models, model card, inference code;
never data), through a partial clone of the tag alone (depth 1, no blob but those files) and
Git LFS objects for those files only. Every file is checked against the tag's release record
(the tagged commit and the model files' blob ids; an LFS file's bytes against its pointer's
sha256). A tag of another client, a moved tag, a file that differs, a missing LFS object: refused
(exit 2) with nothing written; the folder appears whole, by one rename, or not at all.

  --from <url>     the model repository (any git URL or path; default: this repository)
  --latest         the release with the highest number
  --into <dir>     where to put the files (default ./<tag>); must be absent or empty
  --force          replace a non-empty --into folder
  --lfs-url <url>  the Git LFS server, when it is not the one git-lfs derives from --from
  --json           print the list, or {tag, commit, dir, files: [{path, size, blob, lfsOid,
                   verifiedBy}], fetched: {git, lfs}}
  -h, --help       this help

Examples:
  mlbranch release acme --from https://git.example.com/team/model.git
  mlbranch release acme --latest --from https://git.example.com/team/model.git --into model/
  mlbranch release acme acme-3 --into /srv/models/acme-3 --json`;

const kb = (n: number) =>
  n >= 1 << 20
    ? `${(n / (1 << 20)).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} B`;

/** `mlbranch release`: list a client's releases, or fetch one, verified, into a folder. */
export const releaseCommand: Command = {
  name: "release",
  help,
  run(args, io) {
    const { values, positionals } = parseArgs(
      args,
      {
        from: { type: "string" },
        latest: { type: "boolean" },
        into: { type: "string" },
        force: { type: "boolean" },
        "lfs-url": { type: "string" },
        json: { type: "boolean" },
      },
      help,
    );
    const [client, tag, ...extra] = positionals;
    if (!client || extra.length)
      throw new UsageError(msg.usage("give a client id, then at most one tag.", help));
    if (tag && values.latest)
      throw new UsageError(msg.usage("give a tag or --latest, not both.", help));
    if (!tag && !values.latest) {
      if (values.into || values.force || values["lfs-url"])
        throw new UsageError(msg.usage(relMsg.tagOrLatest(), help));
      const l = listReleases({ cwd: io.cwd, client, from: values.from });
      for (const w of l.warnings) io.err(w);
      if (values.json) {
        const tags = l.tags.map((t) => ({
          tag: t.name,
          n: t.n,
          commit: t.target,
          date: t.date,
          branch: t.record?.branch ?? null,
          release: t.type === "tag" && t.record?.name === t.name && t.record.commit === t.target,
          metrics: t.metrics,
        }));
        io.out(JSON.stringify({ client, from: l.from, tags }, null, 2));
        return EXIT.ok;
      }
      for (const t of l.tags) {
        const note =
          t.type !== "tag"
            ? "  (lightweight tag: no release record)"
            : !t.record || t.record.name !== t.name || t.record.commit !== t.target
              ? "  (its release record does not match it: moved or copied)"
              : "";
        const metrics = t.metrics ? `  ${JSON.stringify(t.metrics)}` : "";
        io.out(
          `${t.name}  ${t.target.slice(0, 10)}  ${t.date?.slice(0, 10) ?? "          "}  ${t.record?.branch ?? "?"}${metrics}${note}`,
        );
      }
      return EXIT.ok;
    }
    const d = deliverRelease({
      cwd: io.cwd,
      client,
      tag,
      latest: values.latest,
      from: values.from,
      into: values.into,
      force: values.force,
      lfsUrl: values["lfs-url"],
    });
    for (const w of d.warnings) io.err(w);
    if (values.json) {
      io.out(JSON.stringify(d, null, 2));
      return EXIT.ok;
    }
    for (const f of d.files)
      io.out(
        `${f.path}  ${kb(f.size)}  ${f.blob.slice(0, 12)}${f.lfsOid ? ` (LFS sha256 ${f.lfsOid.slice(0, 12)})` : ""}  verified (${f.verifiedBy})`,
      );
    io.err(relMsg.delivered(d.tag, d.dir, d.files.length));
    if (d.fetched)
      io.err(
        `${msg.prefix} fetched ${kb(d.fetched.git)} of git objects and ${kb(d.fetched.lfs)} of LFS objects for ${kb(d.files.reduce((s, f) => s + f.size, 0))} delivered.`,
      );
    return EXIT.ok;
  },
};
