#!/usr/bin/env bash
# The infrastructure's checks, run by `./mvnw verify` (module infra) or by hand:
#   a lint of the scripts (shellcheck), terraform fmt -check, terraform init (offline, from a
#   local provider mirror), terraform validate, terraform test (mocked AWS provider: no
#   account, no network).
#
# Nothing is written into the repository: the configuration is copied to a temporary
# directory together with a CLI config of our own, and both are deleted on exit.
# Without terraform on PATH it prints a SKIP line and succeeds (CI has terraform).
set -euo pipefail

if ! command -v terraform >/dev/null 2>&1; then
  echo "SKIP infra checks: terraform is not on PATH (install Terraform >= 1.11 to run them)"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# A filesystem mirror holds <mirror>/registry.terraform.io/hashicorp/aws/<version>/<platform>/.
# TF_PLUGIN_MIRROR wins; then the usual places; then a bounded search.
find_mirror() {
  local dir
  for dir in "${TF_PLUGIN_MIRROR:-}" /opt/tf-plugins /usr/local/share/terraform/plugins \
    /usr/share/terraform/plugins "${HOME:-/root}/.terraform.d/plugins"; do
    if [[ -n "$dir" && -d "$dir/registry.terraform.io/hashicorp/aws" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  dir=$(find /opt /usr/local /usr/share "${HOME:-/root}" -maxdepth 6 -type d \
    -path '*/registry.terraform.io/hashicorp/aws' 2>/dev/null | head -n 1 || true)
  if [[ -n "$dir" ]]; then
    dirname "$(dirname "$(dirname "$dir")")"
    return 0
  fi
  return 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/mandelbrot-infra.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config"
tar -C "$here" --exclude=.terraform --exclude='*.tfstate*' --exclude=.terraform.lock.hcl -cf - . |
  tar -C "$work/config" -xf -

export TF_DATA_DIR="$work/data" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR TF_WORKSPACE
if mirror=$(find_mirror); then
  cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
CFG
  echo "infra: providers from the local mirror $mirror (offline)"
else
  # No mirror: let terraform download from the public registry (needs network).
  printf '' >"$work/cli.tfrc"
  echo "infra: no local provider mirror found (set TF_PLUGIN_MIRROR); terraform init will use the registry"
fi
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"

tf() { terraform -chdir="$work/config" "$@" -no-color; }

# The first-boot script is a Terraform template; its ${...} placeholders read as shell
# variables, so shellcheck can judge it once told they are set elsewhere (SC2154).
if command -v shellcheck >/dev/null 2>&1; then
  echo "infra: shellcheck"
  shellcheck "$here/check.sh"
  shellcheck --shell=bash --exclude=SC2154 "$here/templates/user_data.sh.tftpl"
else
  echo "infra: shellcheck not on PATH, scripts not linted"
fi

echo "infra: terraform fmt -check"
if ! terraform fmt -check -recursive -diff -no-color "$here"; then
  echo "infra: formatting differs; run: terraform fmt -recursive infra/terraform" >&2
  exit 1
fi

echo "infra: terraform init"
tf init -backend=false -input=false >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }

echo "infra: terraform validate"
tf validate

echo "infra: terraform test"
tf test
