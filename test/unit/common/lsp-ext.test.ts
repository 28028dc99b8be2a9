import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NotificationType, RequestType } from "vscode-jsonrpc";
import * as ext from "../../../common/lsp-ext";
import { startServer } from "../../../server/src/server";

const exported: unknown[] = Object.values(ext);
const requests = exported.filter((v): v is RequestType<unknown, unknown, void> => v instanceof RequestType);
const notifications = exported.filter((v): v is NotificationType<unknown> => v instanceof NotificationType);

/** A stand-in for the server's connection that records what it registers and answers nothing. */
function recordingConnection(): { connection: Parameters<typeof startServer>[0]; handled: string[] } {
  const handled: string[] = [];
  const inert: any = new Proxy(() => inert, { get: (_t, k) => (k === "then" ? undefined : inert), apply: () => inert });
  const connection: any = new Proxy(
    {},
    {
      get: (_t, k) => {
        if (k === "onRequest") return (type: { method: string }) => (handled.push(type.method), inert);
        return inert;
      },
    },
  );
  return { connection, handled };
}

describe("custom LSP methods (common/lsp-ext.ts)", () => {
  it("are typed descriptors with one distinct method name each, under infraflow/", () => {
    assert.ok(requests.length >= 10, `found ${requests.length} requests`);
    assert.ok(notifications.length >= 1);
    const methods = [...requests, ...notifications].map((t) => t.method);
    assert.equal(new Set(methods).size, methods.length, `a method is declared twice: ${methods.join(", ")}`);
    for (const m of methods) assert.match(m, /^infraflow\/\w+$/);
  });

  it("each request has a handler in the server, registered with its descriptor", () => {
    const { connection, handled } = recordingConnection();
    startServer(connection);
    const custom = handled.filter((m) => m.startsWith("infraflow/")).sort();
    assert.deepEqual(custom, requests.map((r) => r.method).sort());
  });
});
