# Sourced by setup.sh; also run by test/unit/scripts/provisioning.test.ts.
# A clean npm environment for the inner installs. An outer npm exports its whole resolved configuration as
# npm_config_* (and npm_execpath, npm_node_execpath, NODE, INIT_CWD, …): the user agent names the outer Node, nodedir
# points node-gyp at the outer Node's headers. All of it goes; only the settings that say where and how to download
# (cache, registry, proxies, certificates, config files) are passed on, since those may have come from the user.
#   clean_npm [NAME=VALUE ...] COMMAND [ARG ...]
clean_npm() {
  local keep=(cache registry proxy https_proxy noproxy cafile ca strict_ssl userconfig globalconfig fetch_retries fetch_timeout)
  local args=() k v
  # npm reads its environment case-insensitively (NPM_CONFIG_X is npm_config_x); NODE and INIT_CWD are set by npm run.
  for k in $(compgen -e); do
    case "${k,,}" in
      npm_* | init_cwd | node) args+=(-u "$k") ;;
    esac
  done
  for k in "${keep[@]}"; do
    v="$(printenv "npm_config_$k" || true)"
    if [[ -n "$v" ]]; then args+=("npm_config_$k=$v"); fi
  done
  env "${args[@]}" "$@"
}

# Run as a script: `bash clean-npm-env.sh COMMAND ...` (what the unit test does).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  clean_npm "$@"
fi
