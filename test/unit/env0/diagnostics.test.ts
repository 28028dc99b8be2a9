// env0 diagnostics: the shape, `needs` references, the graph rules and their quick fixes.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeActions } from "../../../server/src/features/code-actions";
import { validate } from "../../../server/src/features/validate";
import { applyChanges, env0Workspace, problemLines } from "./support";

const P = "/ws/env0.workflow.yaml";

function check(text: string): string[] {
  return problemLines(env0Workspace({ [P]: text }), P);
}

/** The text after applying the fix with this title to the problem with this code. */
function fixed(text: string, code: string, title: string): string {
  const index = env0Workspace({ [P]: text });
  const problem = index.problems(P).find((p) => p.code === code);
  assert.ok(problem, `no ${code} problem`);
  const fix = problem.fixes?.find((f) => f.title === title);
  assert.ok(fix, `no fix '${title}' among ${JSON.stringify(problem.fixes?.map((f) => f.title))}`);
  return applyChanges(text, fix.changes);
}

describe("env0 shape diagnostics", () => {
  it("accepts a full file with interpolation in any scalar", () => {
    assert.deepEqual(
      check(`settings:
  environmentRemovalStrategy: destroy
environments:
  net_1.a:
    name: \${PREFIX}-net
    vcs:
      type: terraform
      repository: git@github.com:acme/infra.git
      revision: \${REV}
      path: net
      terraformVersion: RESOLVE_FROM_TERRAFORM_CODE
      terragruntTfBinary: opentofu
      isGitLab: \${ON_GITLAB}
      githubInstallationId: null
      sshKeys:
        - id: key-1
          name: Deploy key
    workspace: \${WS}
    requiresApproval: \${APPROVE}
    disabled: "false"
  app:
    name: App
    templateName: app
    revision: v1.2.0
    needs: [net_1.a]
    disabled: true
  helm:
    name: Chart
    vcs: {type: helm, repository: https://charts.example.com, helmChartName: web, isHelmRepository: true, terraformVersion: latest}
    disabled: \${OFF}
`),
      [],
    );
  });

  it("reports unknown, missing and mistyped keys where they are", () => {
    assert.deepEqual(
      check(`environments:
  a:
    templateName: t
    neds: [b]
    settings: {}
    requiresApproval: maybe
    disabled: "yes"
  b:
    name: B
    vcs:
      type: terraform-cloud
      repository: r
      terraformVersion: "1.5"
      sshKeys:
        - id: k
  Bad Alias!:
    name: X
    templateName: t
timeout: 5
`),
      [
        "2: env0/missing-required Missing required key 'name' in sub-environment.",
        "4: env0/unknown-key Unknown key 'neds' in sub-environment. Did you mean 'needs'?",
        "5: env0/unknown-key Unknown key 'settings' in sub-environment.",
        "6: env0/wrong-type Expected true or false, got 'maybe'.",
        "7: env0/invalid-value Invalid value 'yes'. Expected one of: true, false.",
        "11: env0/invalid-value Invalid value 'terraform-cloud'. Expected one of: terraform, opentofu, terragrunt, pulumi, k8s, cloudformation, helm, ansible.",
        "13: env0/invalid-name '1.5' is not a Terraform version env0 accepts: write an exact version such as '1.5.7', 'latest' or 'RESOLVE_FROM_TERRAFORM_CODE'.",
        "15: env0/missing-required Missing required key 'name' in SSH key.",
        "19: env0/unknown-key Unknown key 'timeout' in an env0 workflow.",
      ],
    );
  });

  it("wants `environments`", () => {
    assert.deepEqual(check("settings:\n  environmentRemovalStrategy: detach\n"), ["1: env0/missing-required Missing required key 'environments' in an env0 workflow."]);
  });

  it("wants exactly one of templateName and vcs", () => {
    assert.deepEqual(
      check(`environments:
  neither:
    name: N
  both:
    name: B
    vcs: {type: k8s, repository: r}
    templateName: t
`),
      [
        "2: env0/template-or-vcs Sub-environment 'neither' has neither 'templateName' nor 'vcs': give one of them, so that env0 knows what to deploy.",
        "7: env0/template-or-vcs Sub-environment 'both' has both 'vcs' and 'templateName': give only one of them.",
      ],
    );
  });
});

describe("env0 settings", () => {
  const REMOVE = "settings:\n  environmentRemovalStrategy: remove # from the docs\nenvironments:\n  a:\n    name: A\n    templateName: t\n";

  it("rejects `remove`, says the docs' default, and offers both values", () => {
    const index = env0Workspace({ [P]: REMOVE });
    const diags = validate(index, P);
    assert.equal(diags.length, 1);
    assert.equal(diags[0]!.code, "env0/removal-strategy");
    assert.match(String(diags[0]!.message), /^'remove' is not a removal strategy env0 accepts: use 'destroy' .* or 'detach' .*env0's docs give 'detach' as the default\.$/);
    assert.deepEqual(diags[0]!.range, { start: { line: 1, character: 30 }, end: { line: 1, character: 36 } });
    const actions = codeActions(index, P, diags[0]!.range);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [["Change to 'detach'", true], ["Change to 'destroy'", false]]);
  });

  it("fixes `remove` to exactly `detach` or `destroy`, keeping quotes and comments", () => {
    assert.equal(fixed(REMOVE, "env0/removal-strategy", "Change to 'detach'"), REMOVE.replace("remove #", "detach #"));
    assert.equal(fixed(REMOVE, "env0/removal-strategy", "Change to 'destroy'"), REMOVE.replace("remove #", "destroy #"));
    const quoted = REMOVE.replace("remove", '"remove"');
    assert.equal(fixed(quoted, "env0/removal-strategy", "Change to 'destroy'"), REMOVE.replace("remove", '"destroy"'));
  });

  it("accepts an interpolated strategy", () => {
    assert.deepEqual(check(REMOVE.replace("remove", "${STRATEGY}")), []);
  });
});

describe("env0 needs", () => {
  it("reports an unknown alias, with a did-you-mean fix", () => {
    const text = "environments:\n  network:\n    name: N\n    templateName: t\n  app:\n    name: A\n    templateName: t\n    needs: [netwrok, \"${DYNAMIC}\"]\n";
    assert.deepEqual(check(text), ["8: env0/unknown-alias Sub-environment 'netwrok' is not defined in this workflow."]);
    assert.equal(fixed(text, "env0/unknown-alias", "Change to 'network'"), text.replace("netwrok", "network"));
  });

  it("reports a sub-environment that needs itself, and removes the entry", () => {
    const text = "environments:\n  a:\n    name: A\n    templateName: t\n    needs:\n      - b\n      - a\n  b:\n    name: B\n    templateName: t\n";
    assert.deepEqual(check(text), ["7: env0/self-need Sub-environment 'a' needs itself, so it could never deploy."]);
    assert.equal(fixed(text, "env0/self-need", "Remove 'a' from 'needs'"), text.replace("      - a\n", ""));
  });

  it("warns about a repeated entry, and removes it from block and flow lists", () => {
    const block = "environments:\n  a:\n    name: A\n    templateName: t\n    needs:\n      - b\n      - b  # again\n  b:\n    name: B\n    templateName: t\n";
    assert.deepEqual(check(block), ["7: env0/duplicate-need 'b' is already listed in the 'needs' of 'a'."]);
    assert.equal(fixed(block, "env0/duplicate-need", "Remove the repeated 'b'"), block.replace("      - b  # again\n", ""));
    const flow = block.replace("needs:\n      - b\n      - b  # again", "needs: [b, c, 'b']").replace("  b:\n", "  c:\n    name: C\n    templateName: t\n  b:\n");
    assert.deepEqual(check(flow), ["5: env0/duplicate-need 'b' is already listed in the 'needs' of 'a'."]);
    assert.equal(fixed(flow, "env0/duplicate-need", "Remove the repeated 'b'"), flow.replace("[b, c, 'b']", "[b, c]"));
  });

  it("reports every need on a cycle, naming the cycle from that need", () => {
    const text = `environments:
  a:
    name: A
    templateName: t
    needs: [c, ok]
  b:
    name: B
    templateName: t
    needs: [a]
  c:
    name: C
    templateName: t
    needs:
      - b
  ok:
    name: OK
    templateName: t
  later:
    name: L
    templateName: t
    needs: [a]
`;
    assert.deepEqual(check(text), [
      "5: env0/dependency-cycle Dependency cycle: a → c → b → a. None of these sub-environments can deploy.",
      "9: env0/dependency-cycle Dependency cycle: b → a → c → b. None of these sub-environments can deploy.",
      "14: env0/dependency-cycle Dependency cycle: c → b → a → c. None of these sub-environments can deploy.",
    ]);
  });

  it("reports a two-node cycle on both edges", () => {
    const text = "environments:\n  x: {name: X, templateName: t, needs: [y]}\n  y: {name: Y, templateName: t, needs: [x]}\n";
    assert.deepEqual(check(text), [
      "2: env0/dependency-cycle Dependency cycle: x → y → x. None of these sub-environments can deploy.",
      "3: env0/dependency-cycle Dependency cycle: y → x → y. None of these sub-environments can deploy.",
    ]);
  });
});
