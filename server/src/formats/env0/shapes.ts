// The shape of `env0.workflow.yaml`, after env0's workflow file reference (FORMATS.md, section 3). The text is
// ours; the vendor's JSON Schema was read for facts only. env0 fills `${VAR}` references in at deploy time in any
// field, so every scalar here accepts them (`interpolation`).
import { s, type ObjectShape, type ScalarShape, type Shape } from "../../core/shape";

export const IAC_TYPES = ["terraform", "opentofu", "terragrunt", "pulumi", "k8s", "cloudformation", "helm", "ansible"];
export const REMOVAL_STRATEGIES = ["destroy", "detach"];

/** A version, `RESOLVE_FROM_TERRAFORM_CODE` (read `required_version`) or `latest`. */
export const TERRAFORM_VERSION = /^(?:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?|RESOLVE_FROM_TERRAFORM_CODE|latest)$/;

const str = (doc: string, opts: Partial<Omit<ScalarShape, "type">> = {}): ScalarShape => s.string({ doc, interpolation: true, ...opts });
const bool = (doc: string): ScalarShape => s.bool({ doc, interpolation: true });

const sshKey = s.object(
  {
    id: str("The id of an SSH key stored in env0 (organization settings, SSH keys)."),
    name: str("The SSH key's name in env0, for readers of this file."),
  },
  { required: ["id", "name"], noun: "SSH key", title: "SSH key" },
);

const vcsShape: ObjectShape = s.object(
  {
    type: str("What kind of code the repository holds, and so which tool env0 runs on it.", { enum: IAC_TYPES }),
    repository: str("The git repository's URL, HTTPS or SSH (`git@…`; then add `sshKeys`)."),
    revision: str("The branch, tag or commit to check out. Without it env0 uses the repository's default branch."),
    path: str("The folder inside the repository that holds the code. Empty or `/` is the repository root."),
    terraformVersion: str("The Terraform version: an exact version such as `1.5.7`, `latest`, or `RESOLVE_FROM_TERRAFORM_CODE` to read the code's `required_version`.", {
      pattern: { re: TERRAFORM_VERSION, message: "'{name}' is not a Terraform version env0 accepts: write an exact version such as '1.5.7', 'latest' or 'RESOLVE_FROM_TERRAFORM_CODE'." },
    }),
    opentofuVersion: str("The OpenTofu version, for example `1.6.0`."),
    terragruntVersion: str("The Terragrunt version."),
    terragruntTfBinary: str("The binary Terragrunt drives. env0 uses `terraform` when it is not set.", { enum: ["terraform", "opentofu"] }),
    pulumiVersion: str("The Pulumi version."),
    ansibleVersion: str("The Ansible version."),
    fileName: str("The CloudFormation template's file name, inside `path` (type `cloudformation` only)."),
    helmChartName: str("The chart's name when `repository` is a Helm chart repository (`isHelmRepository: true`)."),
    isHelmRepository: bool("`true` when `repository` is a Helm chart repository rather than a git repository."),
    tokenId: str("The id of a VCS token stored in env0, for private repositories reached with a token."),
    tokenName: str("The name of that VCS token, for readers of this file."),
    sshKeys: s.array(sshKey, { doc: "SSH keys stored in env0 that may clone `repository`; needed for SSH URLs.", itemSnippet: "id: $1\n  name: $2" }),
    githubInstallationId: s.number({ doc: "The id of env0's GitHub App installation that can read `repository`, or `null`.", interpolation: true }),
    bitbucketClientKey: str("The Bitbucket Cloud client key of env0's Bitbucket integration, or `null`."),
    vcsConnectionId: str("The id of an env0 VCS connection that can read `repository`, or `null`."),
    isGitLab: bool("`true` for a repository on GitLab.com."),
    isGitLabEnterprise: bool("`true` for a repository on a self-hosted GitLab."),
    isGitHubEnterprise: bool("`true` for a repository on GitHub Enterprise Server."),
    isBitbucketServer: bool("`true` for a repository on Bitbucket Server or Data Center."),
    isAzureDevOps: bool("`true` for a repository on Azure DevOps."),
  },
  {
    required: ["type", "repository"],
    noun: "vcs",
    doc: "Where this sub-environment's code lives, given in place of a template. Use either `vcs` or `templateName`, not both.",
    snippet: `:\n  type: \${1|${IAC_TYPES.join(",")}|}\n  repository: $2\n  path: $0`,
  },
);

const disabledShape: Shape = s.union(
  [s.bool({ interpolation: true }), s.string({ enum: ["true", "false"] })],
  {
    doc: "`true` skips this sub-environment when the workflow deploys. Often a `${VAR}` reference, so that a variable switches it on and off.",
  },
);

export const SUB_ENVIRONMENT_SHAPE: ObjectShape = s.object(
  {
    name: str("The sub-environment's display name in env0."),
    templateName: str("The name of an env0 template to deploy. Use either `templateName` or `vcs`, not both."),
    vcs: vcsShape,
    revision: str("The branch, tag or commit to deploy, overriding the template's."),
    workspace: str("The Terraform or OpenTofu workspace, Helm release, or Pulumi or CloudFormation stack name. It cannot change once the environment exists."),
    needs: s.array(str("The alias of a sub-environment of this workflow.", { ref: "alias" }), {
      doc: "Aliases of the sub-environments that must deploy successfully before this one starts. If one of them fails, this one does not deploy.",
    }),
    requiresApproval: bool("`true` pauses this sub-environment after its plan until someone approves it. Default `false`."),
    disabled: disabledShape,
  },
  { required: ["name"], noun: "sub-environment", title: "sub-environment" },
);

export const WORKFLOW_SHAPE: ObjectShape = s.object(
  {
    environments: s.map(SUB_ENVIRONMENT_SHAPE, {
      // No key pattern: env0's schema has none, and any key is an alias (see names.ts).
      doc: "The sub-environments of this workflow, by alias. `needs` names aliases; env0 deploys each sub-environment after all it needs.",
    }),
    settings: s.object(
      {
        // No `enum` here: the removal-strategy rule reports other values itself, so that the message can say
        // what the vendor's docs give as the default and the fixes can offer both values.
        environmentRemovalStrategy: str(
          "What env0 does with a sub-environment that is removed from this file: `destroy` it, or `detach` it from the workflow and keep it. env0's docs give `detach` as the default.",
        ),
      },
      { noun: "settings", doc: "Settings of the whole workflow." },
    ),
  },
  { required: ["environments"], noun: "an env0 workflow", doc: "An env0 workflow: sub-environments and the order they deploy in." },
);
