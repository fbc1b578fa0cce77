import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalNumber, needsExact, parseExact } from "../../src/records/exactJson.js";
import { canonicalJson, jsonRecord } from "../../src/records/identity.js";

const numRuns = Number(process.env.MLBRANCH_PROPERTY_RUNS ?? 1000);

describe("exact JSON numbers", () => {
  it("spell a double's value as JSON.stringify does, so both readers agree", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        expect(canonicalNumber(JSON.stringify(d))).toBe(JSON.stringify(d));
      }),
      { numRuns },
    );
  });

  it("a decimal the fast path reads (no 16-digit run, 2-digit exponent) canonicalises as its double", () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${n}}$`));
    const dec = fc
      .tuple(fc.boolean(), digits(7), digits(7), fc.option(fc.integer({ min: -99, max: 99 })))
      .map(
        ([neg, i, f, e]) =>
          `${neg ? "-" : ""}${i.replace(/^0+(?=\d)/, "")}.${f}${e === null ? "" : `e${e}`}`,
      );
    fc.assert(
      fc.property(dec, (s) => {
        expect(needsExact(s)).toBe(false);
        expect(canonicalNumber(s)).toBe(JSON.stringify(Number(s)));
      }),
      { numRuns },
    );
  });

  it("keeps what a double cannot hold", () => {
    expect(canonicalNumber("9007199254740993")).toBe("9007199254740993");
    expect(canonicalNumber("1.0000000000000001")).toBe("1.0000000000000001");
    expect(canonicalNumber("1e400")).toBe("1e+400");
    expect(canonicalNumber("-0.0")).toBe("0");
    expect(canonicalNumber("12345678901234567890123")).toBe("1.2345678901234567890123e+22");
    expect(jsonRecord('{"id":9007199254740993}', ["id"]).id).not.toBe(
      jsonRecord('{"id":9007199254740992}', ["id"]).id,
    );
    expect(jsonRecord('{"b":1.0,"a":[1e2]}', undefined).content).toBe(
      jsonRecord('{"a":[100],"b":1}', undefined).content,
    );
  });

  it("reads like JSON.parse: __proto__ an own key, duplicate keys last wins, errors thrown", () => {
    const v = parseExact('{"__proto__":{"x":1},"k":1,"k":2}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__", "k"]);
    expect(canonicalJson(v)).toBe(canonicalJson(JSON.parse('{"__proto__":{"x":1},"k":2}')));
    for (const bad of ["{", "[1,]", '{"a":01}', "1 2", '"\\x"', "nul"])
      expect(() => parseExact(bad), bad).toThrow();
    expect(() => parseExact(`${"[".repeat(2000)}${"]".repeat(2000)}`)).toThrow(/nested deeper/);
  });
});
