# Installs what the build needs, idempotently; sourced by .ci/serve and .ci/test.
# Pinned: cargo-leptos 0.3.10 (0.3.11 needs rustc 1.96); wasm-bindgen-cli = the version in Cargo.lock;
# wasm-opt from the npm package binaryen (Debian's is too old and silently breaks hydration).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# Each step is stamped with the minutes and seconds since the script started (CI budget: 45 min cold).
log() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "Installing the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  log "Installing cargo-leptos 0.3.10 (about 10 minutes, once)"
  cargo install cargo-leptos --locked --version 0.3.10
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wasm_bindgen_version"; then
  log "Installing wasm-bindgen-cli $wasm_bindgen_version"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "Installing npm build and test tools"
  npm ci --no-audit --no-fund
fi

# The PDF of a published programme is set in DejaVu Sans (umlauts, bold).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  log "Installing the DejaVu fonts from Debian (for the programme PDF)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y fonts-dejavu-core
fi

# The open data's catalogue is validated against the DCAT-AP.de SHACL shapes with pyshacl (PyPI).
if ! python3 -c 'import pyshacl' 2>/dev/null; then
  log "Installing pyshacl 0.40.1 from PyPI (validates the DCAT-AP.de catalogue)"
  python3 -m pip install --quiet pyshacl==0.40.1 ||
    python3 -m pip install --quiet --user --break-system-packages pyshacl==0.40.1
fi

# The mail tests send to a real SMTP server started by the suite: Python's aiosmtpd (PyPI).
# A Debian Python refuses system-wide pip installs (PEP 668); then into the user's site.
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  log "Installing aiosmtpd 1.4.6 from PyPI (the SMTP server of the mail tests)"
  python3 -m pip install --quiet aiosmtpd==1.4.6 ||
    python3 -m pip install --quiet --user --break-system-packages aiosmtpd==1.4.6
fi
