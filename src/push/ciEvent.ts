import { readFileSync } from "node:fs";
import { UsageError } from "../io/errors.js";
import { ciMsg } from "../io/messages/ci.js";

/**
 * What a CI run was started for, whatever the host: a push of one ref, a pull (merge) request
 * that would land its head on its base, or a merge-queue run of a base's next state.
 */
export type CiEvent =
  | { kind: "push"; ref: string; before: string; after: string }
  | {
      kind: "request";
      base: string;
      /** The base's tip the request was tested against, when the host says (else the remote's). */
      baseSha: string | null;
      head: string;
      headSha: string;
      /** The host's own merge result (GitHub's refs/pull/N/merge), when it made one. */
      mergeSha: string | null;
      /** Where the head left the base (GitLab's CI_MERGE_REQUEST_DIFF_BASE_SHA), else computed. */
      diffBase: string | null;
      /** Refspecs that fetch the request's commits from the host (a fork's are not branches). */
      refspecs: string[];
    }
  | { kind: "queue"; base: string; baseSha: string; headSha: string };

/** A CI event and the repository's default branch (where the rules are read from). */
export interface CiRun {
  host: "github" | "gitlab" | "bitbucket";
  event: CiEvent;
  /** The host's default branch, or null when it does not say. */
  defaultBranch: string | null;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function field(obj: unknown, path: string, file: string, event: string): string {
  let v: unknown = obj;
  for (const k of path.split("."))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v !== "string" || !v) throw new UsageError(ciMsg.eventField(file, path, event));
  return v;
}

function sha(obj: unknown, path: string, file: string, event: string): string {
  const v = field(obj, path, file, event);
  if (!SHA.test(v)) throw new UsageError(ciMsg.eventField(file, `${path} (a commit id)`, event));
  return v;
}

const short = (ref: string) => ref.replace(/^refs\/heads\//, "");

/**
 * A GitHub Actions run as a CiEvent: GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH.
 * pull_request checks out the test merge refs/pull/N/merge (GITHUB_SHA) whose first parent is
 * the base and second the head; merge_group judges base_sha..head_sha as the base's next push.
 */
export function githubRun(env: NodeJS.ProcessEnv): CiRun {
  const name = env.GITHUB_EVENT_NAME;
  const file = env.GITHUB_EVENT_PATH;
  if (!name || !file) throw new UsageError(ciMsg.noEventPath("github"));
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(
      ciMsg.badEventFile(file, (e as NodeJS.ErrnoException).code ?? "unreadable"),
    );
  }
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    throw new UsageError(ciMsg.badEventFile(file, "it is not valid JSON"));
  }
  if (!p || typeof p !== "object" || Array.isArray(p))
    throw new UsageError(ciMsg.badEventFile(file, "it is not a JSON object"));
  const repo = (p as { repository?: { default_branch?: unknown } }).repository;
  const defaultBranch = typeof repo?.default_branch === "string" ? repo.default_branch : null;
  const at = (path: string) => field(p, path, file, name);
  const id = (path: string) => sha(p, path, file, name);
  let event: CiEvent;
  if (name === "push") {
    event = { kind: "push", ref: at("ref"), before: id("before"), after: id("after") };
  } else if (name === "pull_request" || name === "pull_request_target") {
    const n =
      (p as { number?: unknown }).number ??
      (p as { pull_request?: { number?: unknown } }).pull_request?.number;
    if (typeof n !== "number") throw new UsageError(ciMsg.eventField(file, "number", name));
    const merge = env.GITHUB_SHA && SHA.test(env.GITHUB_SHA) ? env.GITHUB_SHA : null;
    event = {
      kind: "request",
      base: at("pull_request.base.ref"),
      baseSha: id("pull_request.base.sha"),
      head: at("pull_request.head.ref"),
      headSha: id("pull_request.head.sha"),
      // pull_request_target runs on the base branch's commit, not a test merge.
      mergeSha: name === "pull_request" ? merge : null,
      diffBase: null,
      refspecs: [`+refs/pull/${n}/head:refs/remotes/pull/${n}/head`],
    };
  } else if (name === "merge_group") {
    event = {
      kind: "queue",
      base: short(at("merge_group.base_ref")),
      baseSha: id("merge_group.base_sha"),
      headSha: id("merge_group.head_sha"),
    };
  } else throw new UsageError(ciMsg.unknownEvent(name));
  return { host: "github", event, defaultBranch };
}
