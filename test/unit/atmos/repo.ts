// A small Atmos repository shared by the graph and plan tests: stacks with inheritance and dependencies (across
// stacks too), abstract bases and a workflow manifest.

export const ATMOS_FILES = {
  "/ws/atmos.yaml": `base_path: "."
stacks:
  base_path: stacks
  included_paths: ["deploy/**/*"]
  name_pattern: "{stage}"
workflows:
  base_path: stacks/workflows
`,
  "/ws/stacks/catalog/base.yaml": `components:
  terraform:
    vpc/defaults:
      metadata:
        type: abstract
    vpc:
      metadata:
        inherits:
          - vpc/defaults
    db:
      dependencies:
        components:
          - name: vpc
    app:
      dependencies:
        components:
          - name: db
          - name: vpc
          - name: shared
            stack: shared
    off:
      metadata:
        enabled: false
`,
  "/ws/stacks/deploy/dev.yaml": "import:\n  - catalog/base\nvars:\n  stage: dev\n",
  "/ws/stacks/deploy/prod.yaml": "import:\n  - catalog/base\nvars:\n  stage: prod\ncomponents:\n  terraform:\n    vpc:\n      vars:\n        cidr: 10.0.0.0/16\n",
  "/ws/stacks/deploy/shared.yaml": "vars:\n  stage: shared\ncomponents:\n  terraform:\n    shared: {}\n",
  "/ws/stacks/workflows/ops.yaml": `workflows:
  deploy:
    stack: dev
    steps:
      - name: net
        command: terraform deploy vpc
      - command: terraform deploy db -s other
        stack: prod
      - name: check
        type: shell
        command: echo "done $(whoami)"
      - name: tests
        command: terraform plan app -- -var "x=1 2"
      - name: pull
        type: container
        command: run it
  bare:
    steps:
      - command: terraform plan vpc -s dev
`,
};
