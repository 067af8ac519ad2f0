#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian bookworm machine (run as root):
# clang + wasi-libc for C fixtures, Debian's rustc with the wasm32-wasi std for Rust fixtures,
# wabt/binaryen for WAT fixtures and print round-trips, Chromium for the explore page test.
# docker-registry (a real OCI registry the oci tests start), skopeo (an independent OCI client for
# interop tests) and apache2-utils (htpasswd -B, bcrypt users for the registry's Basic auth).
# wrk drives bench/http (the app host's HTTP benchmark).
# Does nothing when everything is already there.
set -euo pipefail
pkgs=(clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc wabt binaryen rustc libstd-rust-dev-wasm32 lld-14 chromium docker-registry skopeo apache2-utils wrk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}"
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q -o DPkg::Lock::Timeout=600
$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
