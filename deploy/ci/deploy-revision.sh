#!/usr/bin/env bash
# Deploys one revision of the revisions bucket with CodeDeploy and follows it: the deploy job of
# .github/workflows/deploy.yml runs it (and a person may, with the same variables set).
#
#   deploy-revision.sh create    waits until the group runs no deployment, creates this one;
#                                prints its ID and, under GitHub Actions, appends id=<ID> to
#                                $GITHUB_OUTPUT for later steps
#   deploy-revision.sh wait ID   waits until it succeeds; if it fails or is stopped, prints its
#                                status, error code and message and exits 1
#
# Environment: APP, GROUP (CodeDeploy application and deployment group), BUCKET and KEY (the
# revision's zip), DESCRIPTION (shown in the console); KNOWN_GOOD=true when KEY is an earlier
# revision being redeployed (a rollback by hand); DEPLOY_WAIT_SECONDS (default 1200) and
# DEPLOY_POLL_SECONDS (default 15) bound and pace the wait for a busy group.
#
# A busy group. CodeDeploy runs one deployment per group at a time and refuses another
# (DeploymentLimitExceededException). The workflow's concurrency group only orders its own
# runs: a failed deployment's automatic rollback is a new deployment that is still running
# when the failed run ends, and Auto Scaling's launches (scale-out, replacements) deploy too.
# So create first waits, bounded, until the group runs none. A launch can still start between
# that check and create-deployment: then CodeDeploy refuses it, and create waits again, within
# the same bound.
#
# Alarm polling. The group stops a deployment while any of its alarms is in ALARM (codedeploy.tf).
# It is turned off (overrideAlarmConfiguration, which needs codedeploy:UpdateDeploymentGroup) for
#  - the group's first deployment: until something is deployed nothing answers the health
#    check, the unhealthy-hosts alarm is in ALARM, and the deployment would be stopped at once
#    with nothing to roll back to;
#  - a redeploy of a known-good revision: what AWS advises, so that the alarm the failed
#    deployment raised does not block the way back.
# Every other deployment keeps the group's alarms.
set -euo pipefail

usage() { echo "usage: deploy-revision.sh create | wait DEPLOYMENT_ID" >&2; exit 2; }

readonly RUNNING=(Created Queued InProgress Ready)
wait_seconds="${DEPLOY_WAIT_SECONDS:-1200}"
poll_seconds="${DEPLOY_POLL_SECONDS:-15}"
deadline=0 # set by create: when waiting for a busy group gives up

# The IDs of the group's deployments that are not finished, one line.
running_deployments() {
  aws deploy list-deployments --application-name "$APP" --deployment-group-name "$GROUP" \
    --include-only-statuses "${RUNNING[@]}" --query deployments --output text
}

# Waits until the group runs no deployment; fails at $deadline.
wait_until_free() {
  local id status creator
  local -a ids described
  while true; do
    read -ra ids <<<"$(running_deployments)"
    ((${#ids[@]})) || return 0
    described=()
    for id in "${ids[@]}"; do
      IFS=$'\t' read -r _ status creator < <(aws deploy get-deployment --deployment-id "$id" \
        --query 'deploymentInfo.[deploymentId, status, creator]' --output text) || true
      described+=("$id (${status:-unknown}, started by ${creator:-unknown})")
    done
    if ((SECONDS >= deadline)); then
      echo "::error::deployment group $GROUP is still busy after $wait_seconds s with ${described[*]}; CodeDeploy runs one deployment at a time. Wait for it (or stop it) in the CodeDeploy console, then re-run this workflow."
      exit 1
    fi
    echo "Waiting for ${described[*]} to finish before deploying ($((deadline - SECONDS)) s left)"
    sleep "$poll_seconds"
  done
}

# Why this deployment must not poll the group's alarms; nothing when it must.
alarms_off_reason() {
  local last
  if [[ "${KNOWN_GOOD:-false}" == true ]]; then
    echo "a redeploy of an earlier, known-good revision"
    return
  fi
  last=$(aws deploy get-deployment-group --application-name "$APP" --deployment-group-name "$GROUP" \
    --query deploymentGroupInfo.lastSuccessfulDeployment.deploymentId --output text)
  # The CLI prints None for a null field in text output.
  if [[ -z "$last" || "$last" == None ]]; then
    echo "the first deployment of $GROUP (its unhealthy-hosts alarm is in ALARM until something is deployed)"
  fi
}

create() {
  local name id reason
  local -a alarms
  for name in APP GROUP BUCKET KEY DESCRIPTION; do
    [[ -n "${!name:-}" ]] || { echo "::error::deploy-revision.sh: $name is not set" >&2; exit 2; }
  done
  [[ "$wait_seconds" =~ ^[0-9]+$ && "$poll_seconds" =~ ^[0-9]+$ ]] \
    || { echo "::error::DEPLOY_WAIT_SECONDS and DEPLOY_POLL_SECONDS must be whole seconds" >&2; exit 2; }
  deadline=$((SECONDS + wait_seconds))
  err=$(mktemp) # global: the EXIT trap runs after create has returned
  trap 'rm -f "$err"' EXIT
  while true; do
    wait_until_free
    alarms=()
    reason=$(alarms_off_reason)
    if [[ -n "$reason" ]]; then
      alarms=(--override-alarm-configuration enabled=false)
      echo "::notice::alarm polling is off for this deployment: $reason"
    fi
    if id=$(aws deploy create-deployment \
      --application-name "$APP" \
      --deployment-group-name "$GROUP" \
      --s3-location "bucket=$BUCKET,key=$KEY,bundleType=zip" \
      --description "$DESCRIPTION" \
      "${alarms[@]}" \
      --query deploymentId --output text 2>"$err"); then
      break
    fi
    if ! grep -q DeploymentLimitExceededException "$err"; then
      cat "$err" >&2
      echo "::error::create-deployment failed for $GROUP (above)"
      exit 1
    fi
    # Another deployment (an Auto Scaling launch) started since the group was found free.
    if ((SECONDS >= deadline)); then
      echo "::error::CodeDeploy still refuses a deployment to $GROUP after $wait_seconds s: $(tr '\n' ' ' <"$err")"
      exit 1
    fi
    echo "CodeDeploy refused the deployment, the group is busy again: $(tr '\n' ' ' <"$err")"
    sleep "$poll_seconds"
  done
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
