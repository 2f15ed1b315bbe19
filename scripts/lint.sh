#!/usr/bin/env bash
# Runs shellcheck on every script (CI installs it: apt-get install -y shellcheck).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$SCRIPT_DIR/lib.sh"

usage() {
  echo "Usage: scripts/lint.sh   runs shellcheck -x on scripts/*.sh"
}
only_help_argument "$@"
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "error: shellcheck is not installed (apt-get install -y shellcheck)" >&2
  exit 1
fi
cd "$SCRIPT_DIR/.."
shellcheck -x scripts/*.sh
echo "shellcheck: $(find scripts -maxdepth 1 -name '*.sh' | wc -l) scripts clean"
