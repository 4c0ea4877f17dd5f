#!/usr/bin/env bash
# BeforeInstall: check the instance can run the new revision and prepare what it needs, so that
# a missing prerequisite fails here with a clear message instead of as a crash loop later.
# Idempotent: every step checks before it changes anything.
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_command systemctl "this instance must run systemd (Amazon Linux 2023 does)"
require_command curl "ValidateService polls /health with it (dnf install -y curl-minimal)"
require_command sha256sum "AfterInstall keys the AOT cache by the jar's hash (dnf install -y coreutils)"

if [[ "$(id -un)" != "$SERVICE_USER" ]]; then
  require_command setpriv "AfterInstall's AOT training runs as $SERVICE_USER with it (dnf install -y util-linux-core)"
fi

java=$(find_java)
log "using $java ($("$java" -version 2>&1 | head -n 1))"

if id -u "$SERVICE_USER" >/dev/null 2>&1; then
  log "service user $SERVICE_USER exists"
else
  require_command useradd "needed to create the service user (dnf install -y shadow-utils)"
  useradd --system --user-group --no-create-home --home-dir "$STATE_DIR" \
    --shell /sbin/nologin --comment "Mandelbrot service" "$SERVICE_USER"
  log "created system user $SERVICE_USER"
fi

# Release and configuration belong to root (the service only reads them); the state folder,
# which holds the AOT caches written by AfterInstall's training run, belongs to the service user.
install -d -m 0755 "$APP_DIR" "$UNIT_DIR"
install -d -m 0750 -g "$SERVICE_USER" "$CONF_DIR"
install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$STATE_DIR" "$AOT_DIR"
log "folders ready: $APP_DIR $CONF_DIR $STATE_DIR"
