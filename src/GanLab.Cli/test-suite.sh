#!/usr/bin/env bash
# `./ganlab test`: what the test suite needs besides the .NET SDK, then the suite itself.
#   chromium               the notebook tests open every executed notebook's page in headless Chromium
#   dataset-fashion-mnist  the dcgan-fashion preset, notebook 03 and the data tests
#   slurm-wlm, munge       the sweep tests start a one-node Slurm cluster (scripts/slurm-local.sh)
#   flite, espeak-ng       the speech tests render spoken digits (`ganlab data prepare spoken-digits`)
#   dotnet-repl            runs notebooks with the .NET Interactive kernel (pinned in dotnet-tools.json)
# Missing Debian packages are installed with apt-get when this runs as root (or sudo works without a password);
# otherwise it prints the one command to run and stops.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

missing=""
if command -v dpkg >/dev/null 2>&1; then
  for package in chromium dataset-fashion-mnist slurm-wlm munge flite espeak-ng; do
    # "install ok installed" only: a removed package whose configuration is kept ("rc") still answers dpkg -s.
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
  done
elif ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  echo "error: the notebook tests need Chromium (chromium or chromium-browser on PATH); install it, then run ./ganlab test again." >&2
  exit 2
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then install=(); elif sudo -n true 2>/dev/null; then install=(sudo -n); else
    echo "error: the tests need these Debian packages:$missing; install them with: sudo apt-get install$missing" >&2
    exit 2
  fi
  echo "installing$missing (apt-get) ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  "${install[@]}" apt-get update -qq
  # shellcheck disable=SC2086
  "${install[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

dotnet tool restore >/dev/null
dotnet test GanLab.sln -c Release "$@"
