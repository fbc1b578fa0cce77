import type { Rule, RuleContext } from "./types.js";

/** A rule whose module loads only when some commit may concern it. */
export interface LazyRule extends Rule {
  wants(ctx: RuleContext): boolean;
  load(): Promise<void>;
}

/**
 * Wrap a rule whose module is heavy (SQLite, drift statistics, record parsers) so a hook that
 * does not need it never imports it: every hook pays Node's start-up plus what it imports.
 */
export function lazyRule(
  id: string,
  wants: (ctx: RuleContext) => boolean,
  load: () => Promise<Rule>,
): LazyRule {
  let impl: Rule | undefined;
  const loaded = () => {
    if (!impl) throw new Error(`rule ${id} was used before it was loaded`);
    return impl;
  };
  return {
    id,
    wants,
    async load() {
      impl ??= await load();
    },
    check: (ctx) => (wants(ctx) ? loaded().check(ctx) : []),
    read: async (ctx) => {
      if (wants(ctx)) await loaded().read?.(ctx);
    },
    prefetch: (ctx) => (wants(ctx) ? (loaded().prefetch?.(ctx) ?? {}) : {}),
    prepare(contexts) {
      const mine = contexts.filter(wants);
      if (mine.length) loaded().prepare?.(mine);
    },
  };
}

/** Load every lazy rule that one of these commits may concern. */
export async function loadRulesFor(rules: Rule[], contexts: RuleContext[]): Promise<void> {
  await Promise.all(
    rules
      .filter((r): r is LazyRule => "wants" in r && contexts.some((c) => (r as LazyRule).wants(c)))
      .map((r) => r.load()),
  );
}
