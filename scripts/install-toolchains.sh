#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian bookworm machine (run as root):
# clang + wasi-libc for C fixtures, Debian's rustc with the wasm32-wasi std for Rust fixtures,
# wabt/binaryen for WAT fixtures and print round-trips, Chromium for the explore page test.
# docker-registry (a real OCI registry the oci tests start), skopeo (an independent OCI client for
# interop tests) and apache2-utils (htpasswd -B, bcrypt users for the registry's Basic auth).
# wrk drives bench/http (the app host's HTTP benchmark). Node.js tools for the component fixtures (below).
# Does nothing when everything is already there.
set -euo pipefail
pkgs=(clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc wabt binaryen rustc libstd-rust-dev-wasm32 lld-14 chromium docker-registry skopeo apache2-utils wrk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q -o DPkg::Lock::Timeout=600
  $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi

# Component fixtures: jco (with its bundled wasm-tools and componentize-qjs), componentize-js and the Spin JS
# build tools, pinned by fixtures/tools/npm/package-lock.json. They go to /opt (not the worktree) so every clone
# and worktree on the machine shares one 420 MB install that `mvn clean` and `git clean` leave alone, like the apt
# packages above; WHARF_TOOLCHAINS moves it. installed.lock, written last, records a finished install of that lock.
tools=${WHARF_TOOLCHAINS:-/opt/wharf-toolchains}
pins="$(cd "$(dirname "$0")/.." && pwd)/fixtures/tools/npm"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-toolchains: jco 1.35 needs Node.js 20 or newer, found '$(node --version 2>/dev/null || echo none)':" \
    "install a newer nodejs package" >&2
  exit 1
fi
if ! cmp -s "$pins/package-lock.json" "$tools/npm/installed.lock"; then
  pinned=$(node -p 'Object.entries(require(process.argv[1]).dependencies).map(e => e.join("@")).join(" ")' \
    "$pins/package.json")
  echo "installing npm tools into $tools/npm: $pinned"
  $SUDO mkdir -p "$tools/npm"
  $SUDO rm -f "$tools/npm/installed.lock"
  $SUDO cp "$pins/package.json" "$pins/package-lock.json" "$tools/npm/"
  (cd "$tools/npm" && $SUDO npm ci --no-audit --no-fund --loglevel=error)
  $SUDO cp "$pins/package-lock.json" "$tools/npm/installed.lock"
fi
# The WIT of Spin's 2.0 host API (fermyon:spin/key-value, variables, with the wasi 0.2.0 packages it uses) for the
# C HTTP handlers: only the WIT folder of the SDK package, fetched with npm pack, since its dependencies are not
# installable from the registry.
spin_wit="$tools/spin-sdk-2.0.0-wit"
if [ ! -f "$spin_wit/key-value.wit" ]; then
  echo "installing the fermyon:spin@2.0.0 WIT into $spin_wit"
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent @fermyon/spin-sdk@2.0.0 >/dev/null)
  tar xzf "$scratch/fermyon-spin-sdk-2.0.0.tgz" -C "$scratch" package/bin/wit
  $SUDO rm -rf "$spin_wit.tmp"
  $SUDO mv "$scratch/package/bin/wit" "$spin_wit.tmp" && $SUDO mv "$spin_wit.tmp" "$spin_wit"
  rm -rf "$scratch"
fi
