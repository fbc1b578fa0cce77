const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The order of the merged cells. A side that moved cells (its order of the cells all three
 * share differs from base's) leads; when neither did, ours leads; when theirs alone did, theirs
 * leads. The other side's cells the leader lacks go right after the cell they follow on their
 * own side, so two cells inserted at one place on both sides come ours first.
 */
export function mergeOrder(
  base: string[],
  ours: string[],
  theirs: string[],
  kept: Set<string>,
): string[] {
  const [inBase, inOurs, inTheirs] = [new Set(base), new Set(ours), new Set(theirs)];
  const inAll = new Set(base.filter((k) => inOurs.has(k) && inTheirs.has(k)));
  const common = (side: string[]) => side.filter((k) => inAll.has(k));
  const theirsLead = same(common(ours), common(base)) && !same(common(theirs), common(base));
  const [lead, other] = theirsLead ? [theirs, ours] : [ours, theirs];
  const out = lead.filter((k) => kept.has(k));
  const placed = new Set(out);
  const otherHas = theirsLead ? inOurs : inTheirs;
  const leadNew = new Set(lead.filter((k) => !inBase.has(k) && !otherHas.has(k)));
  let prev: string | null = null;
  for (const k of other) {
    if (!kept.has(k)) continue;
    if (placed.has(k)) {
      prev = k;
      continue;
    }
    let at = prev === null ? 0 : out.indexOf(prev) + 1;
    // When ours leads, its new cells at this place stay before theirs'.
    if (!theirsLead) while (at < out.length && leadNew.has(out[at])) at++;
    out.splice(at, 0, k);
    placed.add(k);
    prev = k;
  }
  return out;
}
