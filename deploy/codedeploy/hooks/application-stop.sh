#!/usr/bin/env bash
# ApplicationStop: drain and stop the running service before the new revision is installed.
#
# `systemctl stop` sends SIGTERM; the service then answers 503 on /health, accepts no new work,
# finishes its in-flight renders and answers and exits 0. systemd waits up to the unit's TimeoutStopSec
# (matched to the service's drain bound) before it kills. With load-balancer traffic control,
# CodeDeploy has already deregistered the instance (BlockTraffic) before this hook runs.
# On an instance that never had the service (first deployment) there is nothing to do.
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ ! -f "$UNIT_FILE" ]]; then
  log "no $UNIT_FILE: the service was never installed here, nothing to stop"
  exit 0
fi
require_command systemctl "this instance must run systemd (Amazon Linux 2023 does)"

if systemctl is-active --quiet "$SERVICE_NAME"; then
  log "draining and stopping $SERVICE_NAME (SIGTERM, graceful shutdown)"
  started=$SECONDS
  systemctl stop "$SERVICE_NAME" || die "systemctl stop $SERVICE_NAME failed; see: journalctl -u $SERVICE_NAME"
  log "stopped after $((SECONDS - started)) s"
else
  log "$SERVICE_NAME is not running, nothing to stop"
fi

if systemctl is-active --quiet "$SERVICE_NAME"; then
  die "$SERVICE_NAME is still active after systemctl stop"
fi
