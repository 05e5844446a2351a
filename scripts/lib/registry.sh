# A real registry on 127.0.0.1:5000. Debian's packaged config demands htpasswd auth, so it runs with ours.

FARM_REGISTRY=127.0.0.1:5000

registry_ping() {
    curl -fsS --max-time 2 -o /dev/null "http://$FARM_REGISTRY/v2/" 2>/dev/null
}

start_registry() {
    local state
    state="$(services_dir)/registry"
    if registry_ping; then
        log "registry already answers on $FARM_REGISTRY"
        return 0
    fi
    mkdir -p "$state/storage"
    cat >"$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/storage
  delete:
    enabled: true
http:
  addr: $FARM_REGISTRY
YAML
    log "starting registry on $FARM_REGISTRY (log: $state/registry.log)"
    setsid docker-registry serve "$state/config.yml" >>"$state/registry.log" 2>&1 </dev/null &
    echo $! >"$state/registry.pid"
    if ! wait_for 30 "registry" registry_ping; then
        tail -n 20 "$state/registry.log" >&2 || true
        die "registry did not start"
    fi
}

stop_registry() {
    local pidfile
    pidfile="$(services_dir)/registry/registry.pid"
    [[ -f $pidfile ]] || return 0
    log "stopping registry"
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
}

# registry_has REPO TAG: whether the registry holds a manifest for REPO:TAG.
registry_has() {
    curl -fsS --max-time 5 -o /dev/null -I \
        -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://$FARM_REGISTRY/v2/$1/manifests/$2" 2>/dev/null
}
