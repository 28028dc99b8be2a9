// The Deis graph: the app folder with its process types and its `.env`, the same from either file.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildGraph } from "../../../server/src/features/graph";
import { workspace } from "../../support/ws";

const PF = "/ws/shop/Procfile";
const ENV = "/ws/shop/.env";

describe("Deis graph", () => {
  const index = workspace({ [PF]: "# processes\nweb: npm start\nworker: node worker.js\nweb: node server.js\n", [ENV]: "PORT=5000\nDB_PASSWORD=x\n" });
  const g = buildGraph(index, [PF])!;

  it("draws the app containing its process types (a repeated type once, its last command), and the .env", () => {
    assert.equal(g.title, "Deis app shop");
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.kind, n.label, n.detail]),
      [
        ["app:/ws/shop", "app", "shop", "2 process types"],
        ["process:/ws/shop#web", "process", "web", "node server.js"],
        ["process:/ws/shop#worker", "process", "worker", "node worker.js"],
        ["config:/ws/shop", "file", ".env", "config:push · 2 keys"],
      ],
    );
    assert.deepEqual(
      g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`),
      ["contains app:/ws/shop -> process:/ws/shop#web", "contains app:/ws/shop -> process:/ws/shop#worker", "uses app:/ws/shop -> config:/ws/shop"],
    );
    const web = g.nodes.find((n) => n.label === "web")!;
    assert.equal(web.range!.start.line, 3);
    assert.equal(g.edges[0]!.range!.start.line, 3);
  });

  it("is the same graph from the .env, and has no .env node without one", () => {
    assert.deepEqual(buildGraph(index, [ENV])!.nodes.map((n) => n.id), g.nodes.map((n) => n.id));
    const alone = buildGraph(workspace({ [PF]: "web: npm start\n" }), [PF])!;
    assert.deepEqual(alone.nodes.map((n) => n.id), ["app:/ws/shop", "process:/ws/shop#web"]);
  });
});
