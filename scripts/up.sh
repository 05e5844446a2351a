#!/usr/bin/env bash
# Runs the whole farm on this machine: Debian packages, a Docker engine, a registry seeded with the demo base
# image, a demo git repository, then Web with the scheduler and one agent in its own process.
#   scripts/up.sh --agents N   (or FARM_AGENTS=N) Web, the Scheduler and N agents as separate processes on RabbitMQ,
#                              each agent on a Docker engine of its own; pids in <data>/pids, logs in <data>/logs
#   FARM_DATA  data folder (default .farm under the checkout)   FARM_PORT  port (default 5080)
#   FARM_DATABASE  sqlite (default: <data>/farm.db) or postgres (Debian's PostgreSQL 15, database "buildfarm")
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/lib/all.sh

agents=${FARM_AGENTS:-0}
while (($#)); do
    case $1 in
        --agents) [[ $# -ge 2 ]] || die "--agents needs a number"; agents=$2; shift 2 ;;
        --agents=*) agents=${1#--agents=}; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (scripts/up.sh [--agents N])" ;;
    esac
done
[[ $agents =~ ^[0-9]+$ ]] && ((agents <= 16)) || die "--agents must be a number from 0 to 16, not '$agents'"

require_root
mkdir -p "${FARM_DATA:-$repo/.farm}"
FARM_DATA=$(cd "${FARM_DATA:-$repo/.farm}" && pwd)
export FARM_DATA
export FARM_SERVICES="$FARM_DATA/services"
port=${FARM_PORT:-5080}

database=${FARM_DATABASE:-sqlite}
case $database in
    sqlite) ensure_packages ;;
    postgres)
        ensure_packages postgresql
        start_postgres
        ensure_postgres_database buildfarm
        export Database__Provider=postgres
        ConnectionStrings__Farm=$(postgres_connection_string buildfarm)
        export ConnectionStrings__Farm
        ;;
    *) die "FARM_DATABASE must be sqlite or postgres, not '$database'" ;;
esac
start_registry
if ((agents == 0)); then
    docker_host=$(default_docker_host)
else
    # The seed only needs an engine to push from: the first agent's.
    docker_host=$(start_dockerd farm-agent-1)
fi
seed_base_image "$docker_host"
make_demo_repo "$FARM_DATA/demo-repo"

export Farm__DataDir="$FARM_DATA"
export Farm__AllowLocalRepositories=true
export Farm__DemoRepository="file://$FARM_DATA/demo-repo"
export Agent__DockerHost="$docker_host"
export Agent__AllowLocalRepositories=true
# MassTransit 8 reports usage to its vendor unless told not to; the farm makes no calls home.
export MASSTRANSIT_USAGE_TELEMETRY=false

log "BuildFarm starting on http://127.0.0.1:$port (database: $database)"
if [[ -n "${FARM_ADMIN_PASSWORD:-}" ]]; then
    log "sign in as ${FARM_ADMIN_EMAIL:-admin@buildfarm.local} with FARM_ADMIN_PASSWORD"
else
    log "sign in as ${FARM_ADMIN_EMAIL:-admin@buildfarm.local}; on the first start the password is generated into $FARM_DATA/admin.password"
fi
log "admin's API token (for the REST API and farmctl): $FARM_DATA/admin.token"
log "demo repository: file://$FARM_DATA/demo-repo; services' logs: $FARM_SERVICES"
if ((agents > 0)); then
    run_distributed_farm "$agents"
fi
exec dotnet run --project src/Web -c Release -- --urls "http://127.0.0.1:$port"
