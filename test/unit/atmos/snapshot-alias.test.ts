// mayHoldAlias decides whether an edited manifest's components may be kept (an alias may take its value from
// elsewhere in the file). It must say yes wherever the pattern it replaced did: an anchor or alias mark at the
// start or after a space, a flow indicator, ':' or '-', followed by a non-space.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mayHoldAlias } from "../../../server/src/formats/atmos/snapshot";

const PATTERN = /(^|[\s[{,:-])[&*][^\s]/;

describe("atmos snapshot: anchors and aliases", () => {
  it("finds them where YAML writes them, and not in plain values", () => {
    assert.equal(mayHoldAlias("vars: &defaults\n  a: 1\nother: *defaults\n"), true);
    assert.equal(mayHoldAlias("list: [*a, b]"), true);
    assert.equal(mayHoldAlias("- *item"), true);
    assert.equal(mayHoldAlias("&top\n"), true);
    assert.equal(mayHoldAlias("glob: src/**/x\nq: a&b\n"), false);
    assert.equal(mayHoldAlias("trailing: &"), false);
    assert.equal(mayHoldAlias("spaced: & x"), false);
    assert.equal(mayHoldAlias(""), false);
  });

  it("agrees with the pattern it replaced on random texts", () => {
    const alphabet = ["&", "*", " ", "\n", "\t", "[", "{", ",", ":", "-", "a", "b", "/", "x"];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let s = "";
      for (let j = rnd(12); j > 0; j--) s += alphabet[rnd(alphabet.length)];
      assert.equal(mayHoldAlias(s), PATTERN.test(s), JSON.stringify(s));
    }
  });
});
