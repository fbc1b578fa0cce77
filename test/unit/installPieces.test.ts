import { describe, expect, it } from "vitest";
import { mergeAttributes } from "../../src/config/attributes.js";
import { matchingPaths } from "../../src/hooks/lintStagedPaths.js";
import { hookBlock, withBlock, withoutBlock } from "../../src/install/hookScripts.js";
import { extendPrepare, shrinkPrepare } from "../../src/install/packageJson.js";
import { parsePrePush, parsePreReceive } from "../../src/push/refUpdates.js";
import { tagRegExp } from "../../src/push/tagPattern.js";

describe("installer pieces", () => {
  it("extends a prepare script once and can take it back", () => {
    expect(extendPrepare(undefined)).toBe("install-ml-hooks");
    expect(extendPrepare("husky")).toBe("husky && install-ml-hooks");
    expect(extendPrepare("husky && install-ml-hooks")).toBe("husky && install-ml-hooks");
    expect(shrinkPrepare("husky && install-ml-hooks")).toBe("husky");
    expect(shrinkPrepare("install-ml-hooks")).toBeUndefined();
  });

  it("puts its hook block first, replaces it in place, and removes only its own lines", () => {
    const block = hookBlock("pre-commit", "");
    expect(withBlock(undefined, block)).toBe(block);
    const user = "#!/bin/sh\nnpm test\n";
    const mixed = withBlock(user, block);
    expect(mixed).toBe(`#!/bin/sh\n${block}npm test\n`);
    expect(withBlock(mixed, hookBlock("pre-commit", "tools/"))).toContain(
      'mlbranch_hook="tools/node_modules/mlbranch/dist/hooks/pre-commit.js"',
    );
    // A hook mlbranch only chains goes through the mlbranch-hook door, named.
    expect(hookBlock("post-rewrite", "")).toContain(
      'mlbranch_hook="node_modules/.bin/mlbranch-hook"',
    );
    expect(hookBlock("post-rewrite", "")).toContain('mlbranch_name="post-rewrite"');
    expect(withBlock(mixed, block)).toBe(mixed);
    expect(withoutBlock(mixed)).toBe(user);
    expect(withoutBlock(block)).toBeUndefined();
  });

  it("keeps the user's attributes and its block last, once", () => {
    const block = "# >>> mlbranch\n*.pt merge=mlbranch-theirs\n# <<< mlbranch\n";
    const lfsBlock = block.replace("*.pt merge", "*.pt filter=lfs merge");
    const once = mergeAttributes("*.pt filter=lfs\n", block);
    expect(once).toBe(`*.pt filter=lfs\n\n${lfsBlock}`);
    const moved = mergeAttributes(`${once}*.onnx filter=lfs\n`, block);
    expect(moved).toBe(`*.pt filter=lfs\n\n*.onnx filter=lfs\n\n${lfsBlock}`);
    expect(mergeAttributes(undefined, block)).toBe(block);
  });

  it("keeps filter=lfs on a model line that git lfs track rewrote inside the block", () => {
    const block =
      "# >>> mlbranch\n*.joblib merge=mlbranch-theirs\n*.csv merge=mlbranch-csv\n# <<< mlbranch\n";
    // What `git lfs track "*.joblib" "*.bin"` leaves after install-ml-hooks wrote the block.
    const tracked =
      "# >>> mlbranch\n*.joblib filter=lfs diff=lfs merge=lfs -text\n*.csv merge=mlbranch-csv\n# <<< mlbranch\n*.bin filter=lfs diff=lfs merge=lfs -text\n";
    const next = mergeAttributes(tracked, block);
    expect(next).toBe(
      "*.bin filter=lfs diff=lfs merge=lfs -text\n\n# >>> mlbranch\n*.joblib filter=lfs diff=lfs -text merge=mlbranch-theirs\n*.csv merge=mlbranch-csv\n# <<< mlbranch\n",
    );
    expect(mergeAttributes(next, block)).toBe(next);
    // A line LFS wrote in our block for a pattern we no longer set moves out, kept.
    const gone = mergeAttributes(
      tracked,
      "# >>> mlbranch\n*.csv merge=mlbranch-csv\n# <<< mlbranch\n",
    );
    expect(gone).toContain("*.joblib filter=lfs diff=lfs merge=lfs -text\n");
    expect(gone.indexOf("*.joblib")).toBeLessThan(gone.indexOf("# >>> mlbranch"));
  });

  it("matches staged paths the way lint-staged does (no slash: base name)", () => {
    const entries = { "*.{db,sqlite}": "v", "data/*.jsonl": "v" };
    expect(
      matchingPaths(entries, ["a/b/x.db", "data/l.jsonl", "deep/data/l.jsonl", "x.py"]),
    ).toEqual(["a/b/x.db", "data/l.jsonl"]);
  });

  it("reads tag patterns: {prefix} is any name, {n} a number", () => {
    const re = tagRegExp("{prefix}-{n}");
    expect(re.test("resnet-3")).toBe(true);
    expect(re.test("team/bert-12")).toBe(true);
    expect(re.test("v1")).toBe(false);
    expect(re.test("resnet-x")).toBe(false);
    expect(tagRegExp("{branch}-v{n}", "stable/resnet").test("resnet-v2")).toBe(true);
    expect(tagRegExp("a.b-{n}").test("axb-1")).toBe(false);
  });

  it("parses pre-push and pre-receive lines into remote-side ref updates", () => {
    const z = "0".repeat(40);
    const a = "a".repeat(40);
    expect(parsePrePush(`HEAD ${a} refs/heads/stable/x ${z}\n`)).toEqual([
      { ref: "refs/heads/stable/x", oldSha: z, newSha: a },
    ]);
    expect(parsePreReceive(`${z} ${a} refs/tags/m-1\n\n`)).toEqual([
      { ref: "refs/tags/m-1", oldSha: z, newSha: a },
    ]);
  });
});
