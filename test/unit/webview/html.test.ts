import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildHtml, contentSecurityPolicy } from "../../../client/src/graph/html";

const params = {
  cspSource: "https://file+.vscode-resource.vscode-cdn.net",
  nonce: "abc123",
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js",
  styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css",
  workerUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/layout-worker.js",
  title: 'Graph <"x">',
};

describe("graph page and CSP", () => {
  it("is strict: nonce scripts only, no unsafe-inline or unsafe-eval, workers from blob:", () => {
    const csp = contentSecurityPolicy(params.cspSource, params.nonce);
    const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    assert.deepEqual(directives.get("default-src"), ["'none'"]);
    assert.deepEqual(directives.get("script-src"), ["'nonce-abc123'"]);
    assert.deepEqual(directives.get("style-src"), [params.cspSource, "'nonce-abc123'"]);
    assert.deepEqual(directives.get("worker-src"), ["blob:"]);
    assert.deepEqual(directives.get("img-src"), [params.cspSource, "data:"]);
    assert.deepEqual(directives.get("connect-src"), [params.cspSource]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it("puts the nonce on every script and the CSP in a meta tag; no inline script", () => {
    const html = buildHtml(params);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const s of scripts) {
      assert.match(s[0], /nonce="abc123"/);
      assert.match(s[0], /src="https:\/\/file\+\.vscode-resource[^"]*\/dist\/webview\.js"/);
      assert.equal(s[1]!.trim(), "", "no inline code");
    }
    assert.match(html, /<meta name="infraflow-layout-worker" content="[^"]*\/dist\/layout-worker\.js">/);
    assert.match(html, /<link rel="stylesheet" nonce="abc123" href="[^"]*\/dist\/webview\.css">/);
    assert.doesNotMatch(html, /<style|style="/);
    assert.match(html, /<title>Graph &lt;&quot;x&quot;&gt;<\/title>/, "attribute and text values are escaped");
  });
});
