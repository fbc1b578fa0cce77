import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/loadConfig.js";
import { deliverableFiles } from "../../src/workflow/release/releaseFiles.js";
import { parseReleaseRecord, releaseMetrics } from "../../src/workflow/release/releaseRecord.js";
import { releaseNumber } from "../../src/workflow/release/releaseTags.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const message = (tag: string, record: string) =>
  `acme-2: stable/model at ${A}\n\nmodels:\n  models/my model.bin ${B}\n  models/card.md ${A}\ndata:\n  data/ ${B}\ntracking (tracking/runs.jsonl, latest record):\n  ${record}\n`.replace(
    "acme-2:",
    `${tag}:`,
  );

describe("release records (the message mlbranch tag writes)", () => {
  it("reads the tag, branch, commit, model blob ids (paths with spaces) and metrics", () => {
    const r = parseReleaseRecord(message("acme-2", '{"tag":"acme-2","metrics":{"acc":0.9}}'));
    expect(r).toMatchObject({ name: "acme-2", branch: "stable/model", commit: A });
    expect(r?.models).toEqual({ "models/my model.bin": B, "models/card.md": A });
    expect(releaseMetrics(r)).toEqual({ acc: 0.9 });
  });

  it("gives no metrics for another tag's run, nor for no record", () => {
    expect(
      releaseMetrics(parseReleaseRecord(message("acme-2", '{"tag":"acme-1","metrics":{"acc":1}}'))),
    ).toBeNull();
    expect(releaseMetrics(parseReleaseRecord(message("acme-2", "(none)")))).toBeNull();
  });

  it("is null for a message that is not a release record", () => {
    expect(parseReleaseRecord("release 2\n\nnotes")).toBeNull();
    expect(parseReleaseRecord(`acme-2: stable/model at ${A}\n\nno models section`)).toBeNull();
  });

  it("tells a client's release tags by the tag pattern", () => {
    expect(releaseNumber("acme-12", "acme", ["{prefix}-{n}"])).toBe(12);
    expect(releaseNumber("acme-eu-1", "acme", ["{prefix}-{n}"])).toBeNull();
    expect(releaseNumber("globex-1", "acme", ["{prefix}-{n}"])).toBeNull();
    expect(releaseNumber("acme-0", "acme", ["{prefix}-{n}"])).toBeNull();
  });

  it("delivers the default deliverables of stable, never data, even when a glob names it", () => {
    const { config } = parseConfig(undefined, "defaults");
    const stable = config!.types.stable;
    const files = [
      "models/model.pt",
      "models/MODEL_CARD.md",
      "inference/predict.py",
      "requirements.txt",
      "data/train.csv",
      "tracking/runs.jsonl",
      "src/train.py",
      "README.md",
    ].map((path) => ({ path, mode: "100644", type: "blob", oid: A }));
    const got = deliverableFiles(files, stable.deliverables!, config!.globs.data).map(
      (f) => f.path,
    );
    expect(got).toEqual([
      "models/model.pt",
      "models/MODEL_CARD.md",
      "inference/predict.py",
      "requirements.txt",
    ]);
    const all = deliverableFiles(files, ["**"], config!.globs.data).map((f) => f.path);
    expect(all).not.toContain("data/train.csv");
  });
});
