# Runs the farm's own processes for scripts/up.sh: one process with everything (the default), or Web, the Scheduler
# and N agents as separate processes on RabbitMQ, each agent on a Docker engine of its own, so placement has real
# choices to make and any one part can be stopped to see what the others do.

# build_farm: one Release build of the three hosts, before anything starts (a build per process would race).
build_farm() {
    log "building the farm (Release)"
    dotnet build "$repo/src/Web/Web.csproj" -c Release -nologo -v q >/dev/null \
        || die "the farm did not build: run 'dotnet build src/Web -c Release' to see why"
    dotnet build "$repo/src/Scheduler/Scheduler.csproj" -c Release -nologo -v q >/dev/null \
        || die "the scheduler did not build: run 'dotnet build src/Scheduler -c Release' to see why"
    dotnet build "$repo/src/Agent/Agent.csproj" -c Release -nologo -v q >/dev/null \
        || die "the agent did not build: run 'dotnet build src/Agent -c Release' to see why"
}

farm_dll() {
    printf '%s/src/%s/bin/Release/net10.0/BuildFarm.%s.dll\n' "$repo" "$1" "$1"
}

# start_part NAME DLL [ARGS...]: starts one farm process in the background with the environment exported so far,
# its output in <data>/logs/NAME.log and its pid in <data>/pids/NAME.pid (what tests and operators stop it by);
# part_nice=N before it starts the process at that niceness (nice executes dotnet in its place: the pid stays the part's).
start_part() {
    local name=$1 dll=$2
    shift 2
    mkdir -p "$FARM_DATA/logs" "$FARM_DATA/pids"
    nice -n "${part_nice:-0}" dotnet "$dll" "$@" >>"$FARM_DATA/logs/$name.log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$FARM_DATA/pids/$name.pid"
    farm_parts+=("$name")
    log "$name started (pid $!, log $FARM_DATA/logs/$name.log)"
}

stop_parts() {
    local name pid
    for name in "${farm_parts[@]}"; do
        pid=$(cat "$FARM_DATA/pids/$name.pid" 2>/dev/null) || continue
        kill "$pid" 2>/dev/null || true
    done
    for name in "${farm_parts[@]}"; do
        pid=$(cat "$FARM_DATA/pids/$name.pid" 2>/dev/null) || continue
        # A part frozen with SIGSTOP by a fault test would never see the TERM.
        kill -CONT "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$FARM_DATA/pids/$name.pid"
    done
    farm_parts=()
}

web_ready() {
    curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/"
}

# run_distributed_farm N: RabbitMQ, Web, the Scheduler and N agents; returns when Ctrl-C or TERM stops them all.
run_distributed_farm() {
    local agents=$1 i host
    start_rabbitmq
    build_farm
    export Bus__Transport=rabbitmq
    export Bus__RabbitMq__Uri=${FARM_RABBITMQ_URI:-amqp://guest:guest@127.0.0.1:5672/}
    farm_parts=()
    trap 'log "stopping the farm"; stop_parts; exit 0' INT TERM
    # The farm's own agents join with a token made for this run and given only to them and the scheduler (through the
    # environment, never a command line that ps shows); agents started by hand need one an admin makes on the API.
    local join_token
    join_token=bfj_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    Farm__Embedded=false start_part web "$(farm_dll Web)" --urls "http://127.0.0.1:$port"
    Scheduler__JoinToken="$join_token" start_part scheduler "$(farm_dll Scheduler)"
    for i in $(seq 1 "$agents"); do
        host=$(start_dockerd "farm-agent-$i")
        # Agents at the engines' niceness: with their engines they are the build side, and on a host they share with
        # the dashboard, the scheduler and the database, those answer first (on a GPU host of its own it changes nothing).
        part_nice=${FARM_AGENT_NICE:-10} \
        Agent__JoinToken="$join_token" Agent__Name="agent-$i" Agent__DockerHost="$host" \
            Agent__DataDir="$FARM_DATA/agents/agent-$i" Agent__WorkDir="$FARM_DATA/agents/agent-$i/work" \
            start_part "agent-$i" "$(farm_dll Agent)"
    done
    wait_for 120 "Web on http://127.0.0.1:$port" web_ready \
        || { tail -n 30 "$FARM_DATA/logs/web.log" >&2; stop_parts; die "Web did not start"; }
    log "BuildFarm is up on http://127.0.0.1:$port: web, scheduler and $agents agents; pids in $FARM_DATA/pids, logs in $FARM_DATA/logs"
    log "Ctrl-C stops every part; stopping one (kill \$(cat $FARM_DATA/pids/agent-1.pid)) leaves the rest running"
    # Wait for a signal, not for the parts: a part stopped on purpose must not take the farm down with it.
    while true; do sleep 3600 & wait $!; done
}
