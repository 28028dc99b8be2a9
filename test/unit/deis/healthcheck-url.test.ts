// HEALTHCHECK_URL as the Deis controller checks it (deis/controller rootfs/api/serializers.py,
// ConfigSerializer.validate_values): Python's urlparse must give a path, and no query, fragment or netloc. The
// scheme, `;params` and a missing leading '/' are not checked, and the key is compared exactly.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { urlparse } from "../../../server/src/formats/deis/urlparse";
import { applyChanges, workspace } from "../../support/ws";

const ENV = "/ws/app/.env";
const MISSING = "HEALTHCHECK_URL is missing a URI path (such as /healthz). Without it no health check can be done.";
const ONLY_PATH = "HEALTHCHECK_URL can only be a URI path (such as /healthz) that does not contain other things such as query params.";

function check(line: string): string[] {
  const index = workspace({ "/ws/app/Procfile": "web: x\n", [ENV]: `${line}\n` });
  return validate(index, ENV)
    .filter((d) => d.code === "deis/invalid-healthcheck-url")
    .map((d) => String(d.message));
}

function fixed(line: string): string | undefined {
  const index = workspace({ "/ws/app/Procfile": "web: x\n", [ENV]: `${line}\n` });
  const p = index.problems(ENV).find((x) => x.code === "deis/invalid-healthcheck-url");
  const f = p?.fixes?.[0];
  return f ? applyChanges(`${line}\n`, f.changes).trimEnd() : undefined;
}

describe("deis HEALTHCHECK_URL", () => {
  it("accepts what the controller accepts", () => {
    for (const v of ["/healthz", "healthz", "/healthz;v=1", "http:/healthz", "localhost:8080", "/healthz?", "/healthz#", "///healthz", "/a b"]) {
      assert.deepEqual(check(`HEALTHCHECK_URL=${v}`), [], v);
    }
  });

  it("refuses a value without a path, with the controller's message", () => {
    for (const v of ["", "//host", "http://example.com", "?x=1", "#top", "foo:", ";x"]) {
      assert.deepEqual(check(`HEALTHCHECK_URL=${v}`), [MISSING], v);
    }
  });

  it("refuses a host, a query or a fragment, with the controller's message and the path as the fix", () => {
    const cases: Array<[string, string]> = [
      ["https://example.com/healthz", "/healthz"],
      ["/healthz?full=1", "/healthz"],
      ["/healthz#top", "/healthz"],
      ["//host/healthz", "/healthz"],
      ["http://h/a;p?q", "/a;p"],
    ];
    for (const [v, path] of cases) {
      assert.deepEqual(check(`HEALTHCHECK_URL=${v}`), [ONLY_PATH], v);
      assert.equal(fixed(`HEALTHCHECK_URL=${v}`), `HEALTHCHECK_URL=${path}`, v);
    }
    // No fix when the path alone would be read as a host again.
    assert.deepEqual(check("HEALTHCHECK_URL=http://h//x?q"), [ONLY_PATH]);
    assert.equal(fixed("HEALTHCHECK_URL=http://h//x?q"), undefined);
  });

  it("reports a host the controller's parser fails on", () => {
    assert.deepEqual(check("HEALTHCHECK_URL=http://[::1/healthz"), [
      `HEALTHCHECK_URL has a '[' without ']' (or the other way round) in its host: the controller's URL parser fails on it ("Invalid IPv6 URL") and the config is refused.`,
    ]);
  });

  it("checks the key only as written: healthcheck_url is an ordinary config key", () => {
    const index = workspace({ "/ws/app/Procfile": "web: x\n", [ENV]: "healthcheck_url=http://example.com\nHealthcheck_Url=?x\nhealthcheck_timeout=soon\n" });
    assert.deepEqual(validate(index, ENV), []);
  });

  it("splits URLs as Python 3.5's urlparse does", () => {
    assert.deepEqual(urlparse("http://h/a;p?q#f"), { scheme: "http", netloc: "h", path: "/a", params: "p", query: "q", fragment: "f" });
    assert.deepEqual(urlparse("localhost:8080"), { scheme: "", netloc: "", path: "localhost:8080", params: "", query: "", fragment: "" });
    assert.deepEqual(urlparse("mailto:a;b"), { scheme: "mailto", netloc: "", path: "a;b", params: "", query: "", fragment: "" });
    assert.deepEqual(urlparse("/x/y;z/w"), { scheme: "", netloc: "", path: "/x/y;z/w", params: "", query: "", fragment: "" });
    assert.deepEqual(urlparse("a#b?c"), { scheme: "", netloc: "", path: "a", params: "", query: "", fragment: "b?c" });
  });
});
