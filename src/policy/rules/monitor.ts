import { matchesAny } from "../../config/globs.js";
import { dataMsg } from "../../io/messages/quality.js";
import { formatDrift } from "../../quality/drift/formatDrift.js";
import { type AlertRecord, committedLog, hasAlert, stageAlert } from "../inputs/alertLog.js";
import { type MonitorConfig, monitorSettings } from "../inputs/monitorConfig.js";
import { monitorChange } from "../inputs/monitorRun.js";
import { expandNamed } from "../inputs/treeFiles.js";
import type { Rule, Violation } from "../types.js";
import { violation } from "../violation.js";

/**
 * monitor: a commit that adds monitoring records is checked for drift against the training
 * data of the model tag the records name. Staged: alert (log + warning) or, with block, refuse.
 * Range (pre-push, CI): block refuses; otherwise a warning only when the alert was not logged.
 */
export const monitor: Rule = {
  id: "monitor",
  // Only the new records are read: a grown file's append is proven by one streamed read.
  prefetch(ctx) {
    const raw = ctx.type.monitor as MonitorConfig | undefined;
    if (!raw) return {};
    const s = monitorSettings(raw);
    const files = expandNamed(s.files, ctx.config.globs);
    const grown = ctx.changes.filter(
      (c) => c.status === "M" && c.oldOid && c.newOid && matchesAny(c.path, files),
    );
    return { appends: grown.map((c) => ({ old: c.oldOid!, now: c.newOid!, path: c.path })) };
  },
  check(ctx) {
    const raw = ctx.type.monitor as MonitorConfig | undefined;
    if (!raw) return [];
    const s = monitorSettings(raw);
    const files = expandNamed(s.files, ctx.config.globs);
    const out: Violation[] = [];
    for (const c of ctx.changes) {
      if (!c.newOid || c.path === s.alerts || !matchesAny(c.path, files)) continue;
      for (const o of monitorChange(ctx, c, s)) {
        if (o.kind === "problem") {
          out.push(violation(ctx, "monitor", o.path, dataMsg.monitorProblem(o.path, o.why, o.fix)));
          continue;
        }
        if (o.kind === "skipped") {
          const m = dataMsg.monitorSkipped(o, s.block, s.alerts);
          if (s.block) {
            out.push(violation(ctx, "monitor", o.path, m));
            continue;
          }
          if (ctx.staged)
            stageAlert(ctx, s.alerts, {
              time: new Date().toISOString(),
              branch: ctx.branch,
              file: o.path,
              blob: o.blob,
              tag: o.tag,
              reference: o.reference,
              rows: o.rows,
              features: [],
              calibration: null,
              skipped: `${o.repo} unreachable (${o.why}); drift not checked`,
            });
          out.push({ ...violation(ctx, "monitor", o.path, m), severity: "warning" });
          continue;
        }
        if (o.kind === "small") {
          const m = dataMsg.monitorSmall(o.path, o.tag, o.rows, s.minRows);
          out.push({ ...violation(ctx, "monitor", o.path, m), severity: "warning" });
          continue;
        }
        if (!o.report.drift) continue;
        const table = formatDrift(o.report, `${o.path} (model ${o.tag}) against ${o.reference}:`);
        const key = { file: o.path, blob: o.blob, tag: o.tag };
        if (s.block) {
          out.push(violation(ctx, "monitor", o.path, dataMsg.monitorBlocked(table, o.path)));
          continue;
        }
        if (ctx.staged) {
          const rec: AlertRecord = {
            time: new Date().toISOString(),
            branch: ctx.branch,
            ...key,
            reference: o.reference,
            rows: o.report.currentRows,
            features: o.report.features
              .filter((f) => f.alerts.length)
              .map((f) => ({
                feature: f.feature,
                alerts: f.alerts,
                psi: f.psi,
                ks: f.ks,
                outliers: f.outliers,
              })),
            calibration: o.report.calibration?.alert
              ? {
                  column: o.report.calibration.column,
                  ece: o.report.calibration.ece,
                  rows: o.report.calibration.rows,
                }
              : null,
          };
          stageAlert(ctx, s.alerts, rec);
          out.push({
            ...violation(ctx, "monitor", o.path, dataMsg.monitorAlert(table, s.alerts)),
            severity: "warning",
          });
        } else if (ctx.commit && !hasAlert(committedLog(ctx, ctx.commit, s.alerts), key)) {
          out.push({
            ...violation(ctx, "monitor", o.path, dataMsg.monitorUnlogged(table, s.alerts)),
            severity: "warning",
          });
        }
      }
    }
    return out;
  },
};
