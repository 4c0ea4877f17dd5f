#!/usr/bin/env bash
# Deploys one revision of the revisions bucket with CodeDeploy and follows it: the deploy job of
# .github/workflows/deploy.yml runs it (and a person may, with the same variables set).
#
#   deploy-revision.sh create    creates the deployment; prints its ID and, under GitHub
#                                Actions, appends id=<ID> to $GITHUB_OUTPUT for later steps
#   deploy-revision.sh wait ID   waits until it succeeds; if it fails or is stopped, prints its
#                                status, error code and message and exits 1
#
# Environment: APP, GROUP (CodeDeploy application and deployment group), BUCKET and KEY (the
# revision's zip), DESCRIPTION (shown in the console).
set -euo pipefail

usage() { echo "usage: deploy-revision.sh create | wait DEPLOYMENT_ID" >&2; exit 2; }

create() {
  local name id
  for name in APP GROUP BUCKET KEY DESCRIPTION; do
    [[ -n "${!name:-}" ]] || { echo "::error::deploy-revision.sh: $name is not set" >&2; exit 2; }
  done
  id=$(aws deploy create-deployment \
    --application-name "$APP" \
    --deployment-group-name "$GROUP" \
    --s3-location "bucket=$BUCKET,key=$KEY,bundleType=zip" \
    --description "$DESCRIPTION" \
    --query deploymentId --output text)
  [[ -z "${GITHUB_OUTPUT:-}" ]] || echo "id=$id" >>"$GITHUB_OUTPUT"
  echo "Deployment $id created"
}

wait_for() {
  local id="$1" status code message
  if ! aws deploy wait deployment-successful --deployment-id "$id"; then
    IFS=$'\t' read -r status code message < <(aws deploy get-deployment --deployment-id "$id" \
      --query 'deploymentInfo.[status, errorInformation.code, errorInformation.message]' --output text) || true
    echo "Deployment $id: status ${status:-unknown}, error ${code:-unknown}: ${message:-no message}"
    echo "::error::deployment $id did not succeed (CodeDeploy rolls back automatically)"
    exit 1
  fi
  echo "Deployment $id succeeded"
}

case "${1:-}" in
  create) [[ $# -eq 1 ]] || usage; create ;;
  wait) [[ $# -eq 2 ]] || usage; wait_for "$2" ;;
  *) usage ;;
esac
