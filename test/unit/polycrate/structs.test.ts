// The shapes follow polycrate/polycrate's Go structs: cmd/blocks.go (Block, BlockWorkdir, BlockInventory,
// BlockKubeconfig, BlockArtifacts), cmd/actions.go (Action), cmd/workflows.go (Step, Workflow) and
// cmd/workspace.go (Workspace, WorkspaceInventory, WorkspaceKubeconfig). block.poly rejects unknown keys, so a
// real field missing from our shape was an error there. Block names follow the `block_name` validator.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonSchema } from "../../../server/src/core/shape";
import { complete } from "../../../server/src/features/complete";
import { validate } from "../../../server/src/features/validate";
import { polycrateFormat } from "../../../server/src/formats/polycrate";
import { openAt, workspace } from "../../support/ws";

const BLOCK = "/ws/blocks/app/block.poly";
const WS = "/ws/workspace.poly";

function problems(files: Record<string, string>, p: string): string[] {
  return validate(workspace(files), p)
    .filter((d) => d.severity! <= 2)
    .map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
}

describe("polycrate struct fields", () => {
  it("accepts localpath and containerpath under workdir, inventory, kubeconfig and artifacts of a block", () => {
    const text = `name: app
workdir:
  path: /workspace/blocks/app
  localpath: /home/me/ws/blocks/app
  containerpath: /workspace/blocks/app
inventory:
  filename: inventory.yml
  localpath: /home/me/ws/artifacts/blocks/app/inventory.yml
  containerpath: /workspace/artifacts/blocks/app/inventory.yml
kubeconfig:
  filename: kubeconfig.yml
  localpath: /home/me/ws/artifacts/blocks/app/kubeconfig.yml
  containerpath: /workspace/artifacts/blocks/app/kubeconfig.yml
artifacts:
  path: /workspace/artifacts/blocks/app
  localpath: /home/me/ws/artifacts/blocks/app
  containerpath: /workspace/artifacts/blocks/app
actions:
  - name: deploy
    block: app
    script:
      - echo deploy
`;
    assert.deepEqual(problems({ [WS]: "name: demo\n", [BLOCK]: text }, BLOCK), []);
  });

  it("accepts a step's workflow, an action's block, and the workspace's own paths", () => {
    const text = `name: demo
path: /workspace
localpath: /home/me/ws
containerpath: /workspace
inventory:
  localpath: /home/me/ws/inventory.yml
  containerpath: /workspace/inventory.yml
kubeconfig:
  localpath: /home/me/.kube/config
  containerpath: /workspace/kubeconfig.yml
blocks:
  - name: app
    actions:
      - name: deploy
        block: app
        script:
          - echo deploy
workflows:
  - name: ship
    steps:
      - name: deploy
        workflow: ship
        block: app
        action: deploy
`;
    assert.deepEqual(problems({ [WS]: text }, WS), []);
  });

  it("does not offer the fields Polycrate fills in itself", () => {
    const index = workspace({ [WS]: "name: demo\n" });
    const offset = openAt(index, BLOCK, "name: app\nworkdir:\n  |\n");
    const labels = complete(index, BLOCK, offset)!.items.map((i) => i.label);
    assert.ok(labels.includes("path"), JSON.stringify(labels));
    assert.ok(!labels.includes("localpath") && !labels.includes("containerpath"), JSON.stringify(labels));
  });

  it("publishes the fields in the JSON Schemas", () => {
    const block = toJsonSchema(polycrateFormat.shape("block")!, { id: "b", title: "t", description: "d" }) as any;
    for (const k of ["workdir", "inventory", "kubeconfig", "artifacts"]) {
      assert.ok(block.properties[k].properties.localpath && block.properties[k].properties.containerpath, k);
    }
    assert.ok(block.properties.actions.items.properties.block);
    const ws = toJsonSchema(polycrateFormat.shape("workspace")!, { id: "w", title: "t", description: "d" }) as any;
    assert.ok(ws.properties.workflows.items.properties.steps.items.properties.workflow);
    assert.ok(ws.properties.inventory.properties.localpath && ws.properties.containerpath);
  });
});

describe("polycrate block names", () => {
  it("takes any name with a character other than ':', as the block_name validator does", () => {
    const text = `name: demo
blocks:
  - name: "my block (eu) #2"
  - name: Harbor_Registry.v2
  - name: cargo.example.com/acme/k8s/harbor:0.0.1
  - name: ":"
  - name: ""
`;
    assert.deepEqual(problems({ [WS]: text }, WS), [
      "6: poly/invalid-name ':' is not a valid block name: Polycrate wants a name with at least one character other than ':'.",
      "7: poly/invalid-name '' is not a valid block name: Polycrate wants a name with at least one character other than ':'.",
    ]);
  });

  it("checks new block names the same way, and refuses one a rename would have to quote", () => {
    assert.equal(polycrateFormat.checkName!("block", "my block"), undefined);
    assert.equal(polycrateFormat.checkName!("block", "Harbor_Registry.v2"), undefined);
    assert.match(polycrateFormat.checkName!("block", ":::")!, /not a valid block name/);
    assert.match(polycrateFormat.checkName!("block", "a #b")!, /would need quoting in YAML/);
  });

  it("publishes the block name rule unanchored, as Go matches it", () => {
    const block = toJsonSchema(polycrateFormat.shape("block")!, { id: "b", title: "t", description: "d" }) as any;
    const re = new RegExp(block.properties.name.pattern);
    assert.ok(re.test("my block (eu) #2") && !re.test(":") && !re.test(""));
  });
});
