# Shared by every scripts/lib helper: logging, failing loudly, and waiting on a condition with a deadline.
# Sourced, never run; callers set -euo pipefail themselves.

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

die() { log "ERROR: $*"; exit 1; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds or the deadline passes.
# A service that never comes up must fail the script with its name, never hang it.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            log "gave up after ${seconds}s waiting for ${what}"
            return 1
        fi
        sleep 0.5
    done
}

# The directory that holds services' state, logs and pid files. Callers set FARM_SERVICES first.
services_dir() {
    [[ -n "${FARM_SERVICES:-}" ]] || die "FARM_SERVICES is not set"
    mkdir -p "$FARM_SERVICES"
    printf '%s\n' "$FARM_SERVICES"
}

# Unix socket paths are limited to ~108 bytes and containerd nests its sockets under the exec root,
# so runtime paths live under /run with a short hash of the state dir keeping checkouts apart.
runtime_dir() {
    local hash
    hash=$(printf '%s' "$(services_dir)" | sha1sum | cut -c1-8)
    mkdir -p "/run/bf-$hash"
    printf '%s\n' "/run/bf-$hash"
}

require_root() {
    [[ $(id -u) -eq 0 ]] || die "run as root: this script installs Debian packages and starts Docker engines"
}
