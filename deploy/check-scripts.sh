#!/usr/bin/env bash
# Runs shellcheck on every shell script of the deploy module (the CodeDeploy hooks, the CI
# deploy script, the tests, the systemctl and aws stand-ins, this script) and on the
# repository's scripts that no other check covers: CI's entry point, the JDK finder, the
# workflow lint and the load-test driver (the launchers and the Terraform scripts have checks
# of their own). Fails on any finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v shellcheck >/dev/null \
  || { echo "error: shellcheck is not installed (Debian/Ubuntu: apt-get install shellcheck; bash .ci/run installs it)" >&2; exit 1; }

mapfile -t scripts < <(
  find . -path ./target -prune -o -type f \( -name '*.sh' -o -path './src/test/sh/bin/*' -o -path './src/test/sh/fake-aws/*' \) -print | sort
  printf '%s\n' ../.ci/run ../tools/jdk25.sh ../tools/lint/lint-workflows.sh ../bench/wrk/run.sh
)
# -x follows `source` into the hooks' common.sh and the tests' lib.sh.
shellcheck -x "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
