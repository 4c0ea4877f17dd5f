#!/usr/bin/env bash
# ApplicationStart: (re)start the service on the new revision and enable it at boot.
# `restart` is idempotent: it starts a stopped service and restarts a running one.
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ -f "$UNIT_FILE" ]] || die "$UNIT_FILE is missing: AfterInstall did not complete"
systemctl enable "$SERVICE_NAME" >/dev/null 2>&1 || die "systemctl enable $SERVICE_NAME failed"
systemctl restart "$SERVICE_NAME" || die "systemctl restart $SERVICE_NAME failed; see: journalctl -u $SERVICE_NAME"
log "started $SERVICE_NAME; ValidateService checks that it becomes healthy"
