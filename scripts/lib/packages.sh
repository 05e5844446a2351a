# Installs the Debian packages the farm and its tests need, touching apt only when something is missing.

FARM_PACKAGES=(docker.io docker-registry rabbitmq-server chromium busybox-static git curl ca-certificates)

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# ensure_packages [EXTRA...]: apt-get update at most once per run, then install what is missing.
ensure_packages() {
    local missing=() pkg
    for pkg in "${FARM_PACKAGES[@]}" "$@"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    # The Web project's build installs Chart.js with npm from its lock file. Any npm will do (this machine's may come
    # from NodeSource, whose nodejs conflicts with Debian's npm), so Debian's is installed only when there is none.
    command -v npm >/dev/null || missing+=(nodejs npm)
    if ((${#missing[@]} == 0)); then
        log "Debian packages already installed"
        return 0
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [[ -z "${FARM_APT_UPDATED:-}" ]]; then
        apt-get update -q
        FARM_APT_UPDATED=1
    fi
    # Package postinst scripts try to start their services; the scripts start them with their own settings instead.
    with_services_blocked apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Debian's policy-rc.d hook: exit code 101 tells invoke-rc.d not to start services during the install.
with_services_blocked() {
    local policy=/usr/sbin/policy-rc.d created=0 rc=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        created=1
    fi
    "$@" || rc=$?
    ((created)) && rm -f "$policy"
    return $rc
}
