import { describe, expect, it } from "vitest";
import { parseReference, referenceFor, referenceText } from "../../src/config/referenceSpec.js";
import { absoluteRepo } from "../../src/git/referenceCache.js";

describe("monitor.reference: [<repository>#]<rev>:<path>", () => {
  it("keeps the same-repository form as it was", () => {
    expect(parseReference("{tag}:data/train.*")).toEqual({
      repo: null,
      rev: "{tag}",
      path: "data/train.*",
    });
  });

  it("reads the repository before the first #, scp-like, URL or path", () => {
    expect(parseReference("git@host:team/model.git#{tag}:data/train.*")).toEqual({
      repo: "git@host:team/model.git",
      rev: "{tag}",
      path: "data/train.*",
    });
    expect(parseReference("https://h/x.git#refs/tags/m-1:d/#1.csv")).toEqual({
      repo: "https://h/x.git",
      rev: "refs/tags/m-1",
      path: "d/#1.csv",
    });
    const r = parseReference("../model#{tag}:data/train.csv");
    if (typeof r === "string") throw new Error(r);
    expect(referenceText(referenceFor(r, "acme-2"))).toBe("../model#acme-2:data/train.csv");
  });

  it("says what is missing in a malformed reference", () => {
    expect(parseReference("git@host:team/model.git#{tag}")).toMatch(
      /names the repository git@host:team\/model.git but no <rev>:<path> after "#"/,
    );
    expect(parseReference("#{tag}:data/x.csv")).toBe('names no repository before "#"');
    expect(parseReference("/srv/model.git#:data/x.csv")).toMatch(/no <rev>:<path>/);
    expect(parseReference("data/train.csv")).toMatch(/is not <rev>:<path>/);
  });

  it("resolves a relative repository path against the repository, leaves URLs alone", () => {
    expect(absoluteRepo("/w/mon", "../model")).toBe("/w/model");
    expect(absoluteRepo("/w/mon", "git@host:team/m.git")).toBe("git@host:team/m.git");
    expect(absoluteRepo("/w/mon", "git://127.0.0.1:9/m.git")).toBe("git://127.0.0.1:9/m.git");
    expect(absoluteRepo("/w/mon", "/srv/m.git")).toBe("/srv/m.git");
  });
});
