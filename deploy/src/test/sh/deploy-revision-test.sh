#!/usr/bin/env bash
# Tests deploy/ci/deploy-revision.sh, the deploy workflow's CodeDeploy steps, against a stand-in
# `aws` (fake-aws/aws) that records each call and answers from a scenario folder per case. No
# AWS account, no network; it runs in seconds.
# Usage: deploy-revision-test.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$here/../../../ci/deploy-revision.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
check() { printf 'ok: %s\n' "$1"; passed=$((passed + 1)); }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# A new scenario folder for one case; its path is in $scenario.
new_scenario() {
  scenario="$work/$1"
  mkdir -p "$scenario"
  : >"$scenario/calls"
}

# Runs the script in the current scenario; its output goes to $scenario/out, its exit status
# to $status. The environment is what the workflow sets.
run() {
  status=0
  env PATH="$here/fake-aws:$PATH" FAKE_AWS_DIR="$scenario" GITHUB_OUTPUT="$scenario/github-output" \
    APP=mandelbrot GROUP=mandelbrot-fleet BUCKET=revisions-bucket KEY="revisions/${SHA}.zip" \
    DESCRIPTION="${SHA:0:12} by octocat (push, run 7)" \
    "$@" >"$scenario/out" 2>&1 || status=$?
}

calls_of() { grep -F -- "deploy $1 " "$scenario/calls" || true; }
show() { printf '\n-- output:\n%s\n-- aws calls:\n%s\n' "$(cat "$scenario/out")" "$(cat "$scenario/calls")" >&2; }

readonly SHA=0123456789abcdef0123456789abcdef01234567

new_scenario push
echo d-PREV0001 >"$scenario/last-successful"
run "$script" create
[[ $status -eq 0 ]] || { show; fail "create failed ($status)"; }
create=$(calls_of create-deployment)
[[ -n "$create" ]] || { show; fail "no create-deployment call"; }
grep -qF -- "--s3-location bucket=revisions-bucket\\,key=revisions/$SHA.zip\\,bundleType=zip" <<<"$create" \
  || { show; fail "create-deployment did not name the revision: $create"; }
grep -qx 'id=d-FAKE0001' "$scenario/github-output" || { show; fail "no id=d-FAKE0001 in GITHUB_OUTPUT"; }
grep -qx 'Deployment d-FAKE0001 created' "$scenario/out" || { show; fail "the ID was not printed"; }
check "create deploys the revision and hands its ID to the workflow (GITHUB_OUTPUT)"
! grep -qF -- --override-alarm-configuration <<<"$create" || { show; fail "a push after a success turned the alarms off: $create"; }
check "a push to a group that has deployed before keeps the group's alarms"

# The alarms of a group that never had a deployment are in ALARM (nothing answers the health
# check yet): CodeDeploy would stop its first deployment at once, with nothing to roll back to.
new_scenario first
run "$script" create
[[ $status -eq 0 ]] || { show; fail "create failed ($status)"; }
[[ -n "$(calls_of get-deployment-group)" ]] || { show; fail "it did not ask whether the group ever succeeded"; }
grep -qF -- '--override-alarm-configuration enabled=false' <<<"$(calls_of create-deployment)" \
  || { show; fail "the first deployment kept the alarms: $(calls_of create-deployment)"; }
grep -qF 'first deployment' "$scenario/out" || { show; fail "it did not say why the alarms are off"; }
check "a group's first deployment turns alarm polling off, and says why"

new_scenario redeploy
echo d-PREV0001 >"$scenario/last-successful"
run env KNOWN_GOOD=true "$script" create
[[ $status -eq 0 ]] || { show; fail "create failed ($status)"; }
grep -qF -- '--override-alarm-configuration enabled=false' <<<"$(calls_of create-deployment)" \
  || { show; fail "a redeploy of a known-good revision kept the alarms: $(calls_of create-deployment)"; }
grep -qF 'known-good' "$scenario/out" || { show; fail "it did not say why the alarms are off"; }
check "a redeploy of an earlier, known-good revision turns alarm polling off, and says why"

# A failed deployment's automatic rollback, or a scale-out's launch deployment, is a deployment
# of the group too: CodeDeploy refuses a second one (DeploymentLimitExceededException).
new_scenario busy
echo d-PREV0001 >"$scenario/last-successful"
printf 'd-ROLL0001\nd-ROLL0001\n\n' >"$scenario/list-deployments"
printf 'd-ROLL0001\tInProgress\tcodeDeployRollback\n' >"$scenario/deployment-d-ROLL0001"
run env DEPLOY_POLL_SECONDS=0 "$script" create
[[ $status -eq 0 ]] || { show; fail "create failed ($status)"; }
grep -qF -- 'deploy list-deployments --application-name mandelbrot --deployment-group-name mandelbrot-fleet --include-only-statuses Created Queued InProgress Ready' \
  "$scenario/calls" || { show; fail "it did not list the group's running deployments"; }
[[ "$(calls_of list-deployments | wc -l)" -eq 3 ]] || { show; fail "it did not poll until the group was free"; }
[[ "$(tail -n 1 "$scenario/calls")" == "deploy create-deployment "* ]] || { show; fail "it created before the group was free"; }
grep -qF 'd-ROLL0001 (InProgress, started by codeDeployRollback)' "$scenario/out" || { show; fail "it did not say what it waits for"; }
check "a busy group is waited for, saying what runs there, and deployed to once it is free"

new_scenario stuck
echo d-PREV0001 >"$scenario/last-successful"
printf 'd-STUCK001\n' >"$scenario/list-deployments"
printf 'd-STUCK001\tInProgress\tautoscaling\n' >"$scenario/deployment-d-STUCK001"
started=$SECONDS
run env DEPLOY_WAIT_SECONDS=2 DEPLOY_POLL_SECONDS=1 "$script" create
[[ $status -ne 0 ]] || { show; fail "a group that stays busy did not fail the job"; }
((SECONDS - started < 10)) || { show; fail "the bound was not kept: $((SECONDS - started)) s"; }
[[ -z "$(calls_of create-deployment)" ]] || { show; fail "it created a deployment in a busy group"; }
grep -qE '^::error::.*still busy after 2 s.*d-STUCK001' "$scenario/out" || { show; fail "no clear ::error:: naming the deployment"; }
check "a group that stays busy fails after the bound with an ::error:: naming what runs there"

# An Auto Scaling launch can start a deployment between the check and create-deployment.
readonly LIMIT="An error occurred (DeploymentLimitExceededException) when calling the CreateDeployment operation: The Deployment Group 'mandelbrot-fleet' already has an active Deployment 'd-LAUNCH01'"
new_scenario race
echo d-PREV0001 >"$scenario/last-successful"
printf '\nd-LAUNCH01\n\n' >"$scenario/list-deployments"
printf 'd-LAUNCH01\tInProgress\tautoscaling\n' >"$scenario/deployment-d-LAUNCH01"
printf '%s\n' "$LIMIT" >"$scenario/create-errors"
run env DEPLOY_POLL_SECONDS=0 "$script" create
[[ $status -eq 0 ]] || { show; fail "create failed after a refusal for a busy group ($status)"; }
[[ "$(calls_of create-deployment | wc -l)" -eq 2 ]] || { show; fail "it did not create again once the group was free"; }
grep -qx 'id=d-FAKE0002' "$scenario/github-output" || { show; fail "the second deployment's ID did not reach GITHUB_OUTPUT"; }
grep -qF 'd-LAUNCH01 (InProgress, started by autoscaling)' "$scenario/out" || { show; fail "it did not wait for the launch"; }
grep -qF 'DeploymentLimitExceededException' "$scenario/out" || { show; fail "it did not say why it waited again"; }
check "a deployment started between the check and create-deployment is waited for, then created again"

new_scenario race-stuck
echo d-PREV0001 >"$scenario/last-successful"
for _ in 1 2 3 4 5 6 7 8 9 10; do printf '%s\n' "$LIMIT"; done >"$scenario/create-errors"
started=$SECONDS
run env DEPLOY_WAIT_SECONDS=2 DEPLOY_POLL_SECONDS=1 "$script" create
[[ $status -eq 1 ]] || { show; fail "a group that keeps refusing did not fail the job ($status)"; }
((SECONDS - started < 10)) || { show; fail "the bound was not kept: $((SECONDS - started)) s"; }
(($(calls_of create-deployment | wc -l) <= 4)) || { show; fail "create-deployment was called in a tight loop"; }
grep -qE '^::error::CodeDeploy still refuses a deployment to mandelbrot-fleet after 2 s' "$scenario/out" \
  || { show; fail "no clear ::error:: after the bound"; }
check "a group that keeps refusing fails after the bound, without a tight loop"

new_scenario denied
echo d-PREV0001 >"$scenario/last-successful"
echo "An error occurred (AccessDeniedException) when calling the CreateDeployment operation: User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: codedeploy:CreateDeployment" \
  >"$scenario/create-errors"
run env DEPLOY_POLL_SECONDS=0 "$script" create
[[ $status -eq 1 ]] || { show; fail "a refused create-deployment exited $status, not 1"; }
[[ "$(calls_of create-deployment | wc -l)" -eq 1 ]] || { show; fail "an error other than a busy group was retried"; }
grep -qF 'not authorized to perform: codedeploy:CreateDeployment' "$scenario/out" || { show; fail "the CLI's error was not shown"; }
[[ ! -s "$scenario/github-output" ]] || { show; fail "a failed create wrote an ID"; }
check "any other create-deployment error fails at once and shows the CLI's message"

new_scenario bad-bound
run env DEPLOY_WAIT_SECONDS=20m "$script" create
[[ $status -eq 2 && ! -s "$scenario/calls" ]] || { show; fail "a bound that is not a number of seconds was accepted"; }
check "a bound that is not a number of seconds is refused before any AWS call"

new_scenario succeeded
run "$script" wait d-FAKE0001
[[ $status -eq 0 ]] || { show; fail "wait for a successful deployment failed ($status)"; }
[[ -n "$(calls_of wait)" ]] || { show; fail "it did not wait"; }
check "wait returns 0 once the deployment succeeded"

new_scenario failed
echo 255 >"$scenario/wait-exit"
printf 'Failed\tHEALTH_CONSTRAINTS\tThe overall deployment failed because too many individual instances failed deployment\n' \
  >"$scenario/deployment-d-FAIL0001"
run "$script" wait d-FAIL0001
[[ $status -ne 0 ]] || { show; fail "a failed deployment exited 0"; }
grep -qF 'status Failed, error HEALTH_CONSTRAINTS: The overall deployment failed because too many individual instances failed deployment' \
  "$scenario/out" || { show; fail "status, error code and message not printed"; }
grep -qF '::error::deployment d-FAIL0001 did not succeed' "$scenario/out" || { show; fail "no ::error:: line"; }
check "a failed deployment exits non-zero with its status, error code and message"

new_scenario usage
run "$script" create-it
[[ $status -eq 2 ]] || { show; fail "an unknown subcommand exited $status, not 2"; }
[[ ! -s "$scenario/calls" ]] || { show; fail "an unknown subcommand called aws"; }
check "an unknown subcommand is refused before any AWS call"

printf '\ndeploy-revision: %d passed, 0 failed\n' "$passed"
