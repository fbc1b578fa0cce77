import { appendFileSync } from "node:fs";
import { repoRoot } from "../git/repo.js";
import { EXIT, UsageError } from "../io/errors.js";
import type { Io } from "../io/io.js";
import { ciMsg } from "../io/messages/ci.js";
import { formatReport, githubAnnotations, githubSummary } from "../policy/report.js";
import { bitbucketRun } from "../push/ciBitbucket.js";
import { checkCiRun } from "../push/ciCheck.js";
import { githubRun } from "../push/ciEvent.js";
import { gitlabRun } from "../push/ciGitlab.js";

/** `mlbranch check --ci <host>`: judge the host's event, report in the format asked; exit code. */
export async function runCi(host: string, format: string, io: Io): Promise<number> {
  const hosts = { github: githubRun, gitlab: gitlabRun, bitbucket: bitbucketRun };
  if (!Object.hasOwn(hosts, host)) throw new UsageError(ciMsg.badHost(host));
  const run = hosts[host as keyof typeof hosts](io.env);
  const root = repoRoot(io.cwd);
  const { results, notes } = await checkCiRun(root, run, io.env);
  for (const n of notes) io.err(n);
  let n = 0;
  for (const r of results) {
    n += r.violations.length;
    if (format === "github") {
      const annotations = githubAnnotations(r);
      if (annotations) io.out(annotations);
      const summary = io.env.GITHUB_STEP_SUMMARY;
      if (summary) appendFileSync(summary, githubSummary(r));
    }
    if (format !== "json") io.err(formatReport(r, false));
  }
  if (format === "json")
    io.out(JSON.stringify({ ok: n === 0, event: run.event, results }, null, 2));
  if (n && format !== "json") io.err(ciMsg.refused(n, host));
  return n ? EXIT.violation : EXIT.ok;
}
