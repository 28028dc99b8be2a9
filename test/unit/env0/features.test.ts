// The generic features over env0 files: completion of aliases in `needs`, hover, definition, references, rename.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { complete } from "../../../server/src/features/complete";
import { definition, references } from "../../../server/src/features/definition";
import { hover } from "../../../server/src/features/hover";
import { prepareRename, rename } from "../../../server/src/features/rename";
import { documentSymbols } from "../../../server/src/features/symbols";
import { cursor, openAt } from "../../support/ws";
import { env0Workspace } from "./support";

const P = "/ws/env0.workflow.yaml";
const URI = "file:///ws/env0.workflow.yaml";

const WF = `environments:
  network:
    name: Network
    templateName: vpc
  database:
    name: Database
    templateName: rds
    requiresApproval: true
    needs:
      - network
  cluster:
    name: Cluster
    templateName: eks
    disabled: true
    needs: [network]
  app:
    name: App
    templateName: app
    needs: [database, cluster]
`;

function labelsAt(textWithCursor: string): string[] {
  const index = env0Workspace({});
  const offset = openAt(index, P, textWithCursor);
  return complete(index, P, offset)!.items.map((i) => i.label);
}

function hoverText(textWithCursor: string): string {
  const [text, offset] = cursor(textWithCursor);
  const index = env0Workspace({ [P]: text });
  const h = hover(index, P, offset);
  assert.ok(h, "no hover");
  return (h.contents as { value: string }).value;
}

describe("env0 completion", () => {
  it("offers the other aliases in a block list, leaving out itself and what is listed", () => {
    assert.deepEqual(labelsAt(WF.replace("      - network\n", "      - network\n      - |\n")), ["cluster", "app"]);
    assert.deepEqual(labelsAt(WF.replace("      - network\n", "      - net|\n")), ["network", "cluster", "app"]);
  });

  it("offers the other aliases in a flow list", () => {
    assert.deepEqual(labelsAt(WF.replace("needs: [database, cluster]", "needs: [database, |]")), ["network", "cluster"]);
    assert.deepEqual(labelsAt(WF.replace("needs: [database, cluster]", "needs: [|]")), ["network", "database", "cluster"]);
    assert.deepEqual(labelsAt(WF.replace("needs: [network]", "needs: [network, da|]")), ["database", "app"]);
    assert.deepEqual(labelsAt(WF.replace("needs: [network]", "needs: |")), []);
  });

  it("documents the offered aliases", () => {
    const index = env0Workspace({});
    const offset = openAt(index, P, WF.replace("needs: [database, cluster]", "needs: [|]"));
    const item = complete(index, P, offset)!.items.find((i) => i.label === "database")!;
    assert.equal(item.detail, "Database");
    assert.match((item.documentation as { value: string }).value, /Deploys in wave 2 of 2/);
  });

  it("completes keys from the shape, and the removal strategies", () => {
    const keys = labelsAt(WF.replace("    templateName: app\n", "    templateName: app\n    req|\n"));
    assert.ok(keys.includes("requiresApproval") && keys.includes("disabled") && !keys.includes("name"), keys.join(","));
    const vcs = labelsAt("environments:\n  a:\n    name: A\n    vcs:\n      type: |\n");
    assert.deepEqual(vcs, ["terraform", "opentofu", "terragrunt", "pulumi", "k8s", "cloudformation", "helm", "ansible"]);
    assert.deepEqual(labelsAt("settings:\n  environmentRemovalStrategy: |\nenvironments: {}\n"), ["destroy", "detach"]);
  });
});

describe("env0 hover", () => {
  it("shows what an alias needs, what needs it, its wave and the deploy order", () => {
    const text = hoverText(WF.replace("  database:", "  data|base:"));
    assert.match(text, /\*\*sub-environment\*\* `database` — Database/);
    assert.match(text, /Template `rds`/);
    assert.match(text, /\*\*Needs:\*\* `network` {2}\n\*\*Needed by:\*\* `app`/);
    assert.match(text, /\*\*Deploys in wave 2 of 3\*\*/);
    assert.match(text, /Requires approval/);
    assert.match(text, /1\. `network`\n2\. \*\*`database`\*\* \(approval\), `cluster` \(disabled\)\n3\. `app`/);
  });

  it("shows the same from a needs entry", () => {
    const text = hoverText(WF.replace("needs: [network]", "needs: [netw|ork]"));
    assert.match(text, /\*\*sub-environment\*\* `network` — Network/);
    assert.match(text, /\*\*Needs:\*\* nothing {2}\n\*\*Needed by:\*\* `database`, `cluster`/);
    assert.match(text, /wave 1 of 3\*\* \(it needs nothing\)/);
    assert.match(text, /1\. \*\*`network`\*\*/);
  });

  it("notes a disabled sub-environment and a cycle", () => {
    assert.match(hoverText(WF.replace("  cluster:", "  clus|ter:")), /Disabled: skipped when the workflow deploys\./);
    const cyclic = "environments:\n  a|: {name: A, templateName: t, needs: [b]}\n  b: {name: B, templateName: t, needs: [a]}\n  c: {name: C, templateName: t}\n";
    const text = hoverText(cyclic);
    assert.match(text, /\*\*Deploys:\*\* never/);
    assert.match(text, /Never deploy \(dependency cycle\): \*\*`a`\*\*, `b`/);
  });

  it("documents keys from the shape", () => {
    assert.match(hoverText(WF.replace("    requiresApproval: true", "    requiresAppr|oval: true")), /\*\*requiresApproval\*\* — true or false\n\n`true` pauses/);
  });
});

describe("env0 navigation and rename", () => {
  const index = env0Workspace({ [P]: WF });
  const at = (needle: string, delta = 1): number => WF.indexOf(needle) + delta;

  it("goes from a needs entry to the alias", () => {
    const links = definition(index, P, at("[database"))!;
    assert.equal(links.length, 1);
    assert.equal(links[0]!.targetUri, URI);
    assert.deepEqual(links[0]!.targetSelectionRange, { start: { line: 4, character: 2 }, end: { line: 4, character: 10 } });
    assert.deepEqual(links[0]!.targetRange.end, { line: 9, character: 15 });
  });

  it("finds every needs entry of an alias", () => {
    const refs = references(index, P, at("  network:", 3), true)!;
    assert.deepEqual(refs.map((r) => [r.range.start.line, r.range.start.character]), [[1, 2], [9, 8], [14, 12]]);
  });

  it("renames an alias and its needs entries", () => {
    assert.deepEqual(prepareRename(index, P, at("- network", 3)), { range: { start: { line: 9, character: 8 }, end: { line: 9, character: 15 } }, placeholder: "network" });
    const r = rename(index, P, at("- network", 3), "vpc");
    assert.ok(r && "edit" in r);
    assert.deepEqual(r.edit.changes![URI]!.map((e) => [e.range.start.line, e.range.start.character, e.newText]), [[1, 2, "vpc"], [9, 8, "vpc"], [14, 12, "vpc"]]);
  });

  it("refuses an existing alias, and a name it cannot write in place without quotes", () => {
    assert.deepEqual(rename(index, P, at("  app:", 3), "cluster"), { error: "An alias named 'cluster' already exists." });
    assert.deepEqual(rename(index, P, at("  app:", 3), "a: b"), {
      error: "'a: b' would need quoting in YAML, and a rename writes the name in place without quotes. env0 accepts any alias; to use this one, rename the key and its 'needs' entries by hand and quote them.",
    });
  });

  it("outlines the aliases with their names", () => {
    assert.deepEqual(documentSymbols(index, P)!.map((s) => [s.name, s.detail]), [["network", "Network"], ["database", "Database"], ["cluster", "Cluster"], ["app", "App"]]);
  });
});
