import { describe, expect, it } from "vitest";
import { defaultConfigData } from "../../src/config/loadConfig.js";
import { validateConfig } from "../../src/config/validateConfig.js";

const withType = (extra: object) => ({ types: { split: { match: ["split"], ...extra } } });

describe("split and monitor config keys", () => {
  it("ship enabled for the split and monitoring types", () => {
    const d = defaultConfigData() as { types: Record<string, Record<string, unknown>> };
    expect(Object.keys(d.types.split.split as object)).toEqual(["key", "files"]);
    expect(d.types.monitoring.monitor).toMatchObject({ tagField: "model_tag", block: false });
  });

  it("are checked by the schema, each error named by path", () => {
    expect(
      validateConfig(withType({ split: { key: ["a", "b"], files: { a: ["x"], b: ["y"] } } })),
    ).toEqual([]);
    expect(validateConfig(withType({ split: { files: { train: ["x"] } } }))).toContain(
      "types.split.split.files: must NOT have fewer than 2 properties",
    );
    expect(validateConfig(withType({ monitor: { block: "yes", psi: -1, color: 1 } }))).toEqual(
      expect.arrayContaining([
        'types.split.monitor: unknown key "color"',
        "types.split.monitor.block: must be boolean",
        "types.split.monitor.psi: must be >= 0",
      ]),
    );
  });
});
