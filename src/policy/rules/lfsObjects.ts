import type { Change } from "../../git/changes.js";
import { lfsObjectHere, lfsObjectOnRemotes, lfsPointerOid } from "../../git/lfs.js";
import { inLfsStore, serverLfsStores } from "../../git/lfsStore.js";
import { ruleMsg } from "../../io/messages/rules.js";
import type { Rule, RuleContext, Violation } from "../types.js";
import { violation } from "../violation.js";

// A pointer file is ~130 bytes; isLfsPointer takes anything under 1 KiB.
const MAX_POINTER = 1024;

// Blobs small enough to be pointers (sizes come in one batch for a whole range).
function candidates(ctx: RuleContext): Change[] {
  const files = ctx.changes.filter(
    (c) => c.newOid && c.status !== "D" && c.newMode !== "160000" && c.newMode !== "120000",
  );
  if (!files.length) return [];
  const sizes = ctx.blobs.sizeOf(files.map((c) => c.newOid!));
  return files.filter((c) => (sizes.get(c.newOid!) ?? MAX_POINTER) < MAX_POINTER);
}

/**
 * lfs-objects: a Git LFS pointer this commit brings must name an object that exists, here or on
 * a remote that can be asked, or nobody can ever check out its data. A warning, or an error on
 * types whose data must be reproducible (requireLfsObjects: raw and stable by default). On a
 * server (a bare repository) it runs where the repository has an LFS store (git-lfs's
 * lfs/objects, or mlbranch.lfsStore in git config) and asks that store only.
 */
export const lfsObjects: Rule = {
  id: "lfs-objects",
  prefetch: (ctx) => ({ blobs: candidates(ctx).map((c) => c.newOid!) }),
  check(ctx) {
    const small = candidates(ctx);
    const out: Violation[] = [];
    const stores = serverLfsStores(ctx.cwd);
    for (const c of small) {
      const oid = lfsPointerOid(ctx.blobs.read(c.newOid!));
      if (!oid) continue;
      if (stores.length ? stores.some((s) => inLfsStore(s, oid)) : lfsObjectHere(ctx.cwd, oid))
        continue;
      // A merge that carries another parent's pointer unchanged brings nothing new.
      if (ctx.parents.slice(1).some((p) => ctx.blobs.oidAt(p, c.path) === c.newOid)) continue;
      const remote = stores.length ? false : lfsObjectOnRemotes(ctx.cwd, oid);
      if (remote === true) continue;
      const required = ctx.type.requireLfsObjects === true;
      const m = stores.length
        ? ruleMsg.lfsObjectNotOnServer(c.path, oid, ctx.branch, ctx.typeName, stores, required)
        : ruleMsg.lfsObjectMissing(c.path, oid, ctx.branch, ctx.typeName, remote, required);
      const v = violation(ctx, "lfs-objects", c.path, m);
      out.push(required ? v : { ...v, severity: "warning" });
    }
    return out;
  },
};
