#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages SMART Kiosk needs for a goal, only
# those missing. Usage: scripts/setup.sh build|run|test|bench
set -euo pipefail

goal=${1:-build}

# Packages per goal. The kiosk is built with -tags x11, so no Wayland headers.
build_pkgs=(gcc pkg-config libc6-dev libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev)
# Xvfb runs the real window in tests; xdotool drives it with the switch keys;
# imagemagick takes screenshots; x11-utils gives xdpyinfo; postgresql is the
# server scripts/pg-test.sh starts for the hub's PostgreSQL tests;
# chromium drives the tutor web pages headless; poppler-utils' pdftoppm
# renders exported PDFs to PNG for comparison with golden images.
test_pkgs=(xvfb xauth xdotool imagemagick x11-utils postgresql chromium poppler-utils)

case "$goal" in
build | run) want=("${build_pkgs[@]}") ;;
test | bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
*)
  echo "usage: $0 build|run|test|bench" >&2
  exit 2
  ;;
esac

need_go="1.26"
if ! command -v go >/dev/null 2>&1; then
  echo "SMART Kiosk needs Go $need_go or newer, and 'go' is not on PATH." >&2
  echo "Install it from https://go.dev/dl/ (Debian's golang-go is too old), then run make again." >&2
  exit 1
fi
have_go=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" != "$need_go" ]; then
  echo "SMART Kiosk needs Go $need_go or newer; this machine has $have_go." >&2
  exit 1
fi

# staticcheck, pinned, from the module proxy, into bin/tools (make test runs it).
staticcheck_version=0.8.2
if [ "$goal" = test ]; then
  tools="$(cd "$(dirname "$0")/.." && pwd)/bin/tools"
  if ! "$tools/staticcheck" -version 2>/dev/null | grep -q "($staticcheck_version)"; then
    echo "Installing staticcheck v$staticcheck_version into bin/tools"
    GOBIN="$tools" GOFLAGS=-mod=mod go install "honnef.co/go/tools/cmd/staticcheck@v$staticcheck_version"
  fi
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "These packages are missing and this is not a Debian/Ubuntu system: ${missing[*]}" >&2
  echo "Install their equivalents with your package manager, then run make again." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  sudo=(sudo)
else
  echo "These packages are missing: ${missing[*]}" >&2
  echo "Install them as root (sudo apt-get install ${missing[*]}), then run make again." >&2
  exit 1
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
