#!/usr/bin/env bash
# Installs whatever this project needs and is missing, from the package
# registries only (crates.io, npm, Debian apt, PyPI). Idempotent: a second run
# checks versions and does nothing. Sourced by scripts/serve and scripts/test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# A quicker one-time build of the tools (they are not shipped). Only for the
# `cargo install` lines below: exported, it would also de-tune the project's own
# release build (lto off, 16 codegen units: +15% wasm), since scripts/test
# sources this file.
tool_install() { CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"; }

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rust target wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || { say "rust component $c"; rustup component add "$c"; }
done
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION"; tool_install trunk --version "=$TRUNK_VERSION" --locked
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  # No --locked: the CLI's own lockfile pins a crate version the registry lacks.
  say "wasm-bindgen-cli $WBG_VERSION"; tool_install wasm-bindgen-cli --version "=$WBG_VERSION" --force
fi
missing_apt=()
[ -x /usr/bin/chromium ] || missing_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || missing_apt+=(chromium-driver)
if [ ${#missing_apt[@]} -gt 0 ]; then
  say "apt: ${missing_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi
# npm dev tools (playwright-core, axe, binaryen's wasm-opt): reinstall when the lockfile changed.
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "npm ci"; npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
if ! python3 -c 'import kubernetes_validate' 2>/dev/null; then
  say "pip: kubernetes-validate"; python3 -m pip install -q --disable-pip-version-check kubernetes-validate
fi
