import { describe, expect, it } from "vitest";
import { guardedTest, queueMatch } from "../../src/policy/regexGuard.js";
import { tagRegExp } from "../../src/push/tagPattern.js";

describe("regexGuard", () => {
  it("answers like RegExp.test, queued values in one run", () => {
    queueMatch("^\\S+$", "s3://b/a.csv");
    queueMatch("^\\S+$", "has space");
    expect(guardedTest("^\\S+$", "s3://b/a.csv")).toBe(true);
    expect(guardedTest("^\\S+$", "has space")).toBe(false);
    expect(guardedTest("^x", "")).toBe(false);
  });

  it("gives null, not a hang, for a pattern that backtracks catastrophically", () => {
    const crafted = `${"a".repeat(40)}b`;
    queueMatch("^(a|a)*$", crafted);
    queueMatch("^a", "abc");
    expect(guardedTest("^(a|a)*$", crafted)).toBeNull();
    // The other value of the same batch still gets its answer.
    expect(guardedTest("^a", "abc")).toBe(true);
  });
});

describe("tagRegExp", () => {
  it("{branch} is the branch's last segment, or any segment when no branch is given", () => {
    expect(tagRegExp("{branch}-{n}", "stable/resnet").test("resnet-3")).toBe(true);
    expect(tagRegExp("{branch}-{n}", "stable/resnet").test("vit-3")).toBe(false);
    expect(tagRegExp("{branch}-{n}").test("vit-3")).toBe(true);
    expect(tagRegExp("{branch}-{n}").test("a/b-3")).toBe(false);
    expect(tagRegExp("{prefix}-{n}").test("team/model-12")).toBe(true);
  });
});
