# Starts Docker engines side by side: each has its own data root (its own layer and BuildKit cache),
# exec root, pid file and socket, so several agents on one machine are several real build hosts.

docker_ping() {
    curl -fsS --max-time 2 --unix-socket "$1" http://docker/_ping 2>/dev/null | grep -q OK
}

# start_dockerd NAME: prints the engine's unix:// URI; reuses the engine if its socket already answers.
start_dockerd() {
    local name=$1 state run
    state="$(services_dir)/docker-$name"
    run="$(runtime_dir)/$name"
    local sock="$run/d.sock"
    mkdir -p "$state/data" "$run"
    if docker_ping "$sock"; then
        log "Docker engine $name already answers on $sock"
        printf 'unix://%s\n' "$sock"
        return 0
    fi
    # A pid file left by an engine that died would make dockerd refuse to start.
    rm -f "$run/d.pid"
    log "starting Docker engine $name (log: $state/dockerd.log)"
    # setsid: the engine must outlive the script's process group (CI kills it when a step ends).
    # nice: the engine runs the builds, and a RUN step compiling a wheel takes every core it can get; on a one-machine
    # farm those cores are also the dashboard's, the scheduler's and the database's. Builds still get every cycle
    # nobody else wants, but a page or a placement no longer queues behind them (bench/README.md, "The farm under
    # load"). FARM_ENGINE_NICE=0 runs the engine at the same priority as the rest.
    setsid nice -n "${FARM_ENGINE_NICE:-10}" dockerd \
        --iptables=false --bridge=none \
        --data-root "$state/data" \
        --exec-root "$run/x" \
        --pidfile "$run/d.pid" \
        -H "unix://$sock" \
        >>"$state/dockerd.log" 2>&1 </dev/null &
    if ! wait_for 60 "Docker engine $name" docker_ping "$sock"; then
        tail -n 20 "$state/dockerd.log" >&2 || true
        die "Docker engine $name did not start"
    fi
    printf 'unix://%s\n' "$sock"
}

# stop_dockerd NAME: stops an engine started by start_dockerd (its containerd goes with it).
stop_dockerd() {
    local run pid
    run="$(runtime_dir)/$1"
    [[ -f "$run/d.pid" ]] || return 0
    pid=$(cat "$run/d.pid")
    log "stopping Docker engine $1 (pid $pid)"
    kill "$pid" 2>/dev/null || return 0
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    return 0
}

# The engine up.sh uses: the machine's own if it answers, else one of ours.
default_docker_host() {
    if docker_ping /var/run/docker.sock; then
        log "using the machine's Docker engine at /var/run/docker.sock"
        printf 'unix:///var/run/docker.sock\n'
    else
        start_dockerd main
    fi
}

# Debian's client (20.10) on purpose: the 28.x client earlier on PATH has no buildx, and the farm itself needs no CLI.
docker_cli() {
    local host=$1
    shift
    DOCKER_HOST=$host /usr/bin/docker "$@"
}

dockerd_socket() {
    printf '%s/%s/d.sock\n' "$(runtime_dir)" "$1"
}

# reset_dockerd_data NAME: empties a stopped engine's data root, so tests start from a cold cache as CI does.
reset_dockerd_data() {
    local data mount
    data="$(services_dir)/docker-$1/data"
    [[ -d $data ]] || return 0
    # An engine that died can leave overlay mounts behind, and rm cannot remove a mount point.
    while read -r mount; do
        umount -l "$mount" 2>/dev/null || true
    done < <(awk -v root="$data" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r)
    rm -rf "$data"
}
