#!/usr/bin/env bash
# Starts the services the tests use (four Docker engines, the registry with the demo base image, RabbitMQ, PostgreSQL
# 15) and leaves them running, for a bench or a single test run by hand; writes their settings to
# .farm-test/services/env.sh. scripts/test.sh reuses what runs and stops only what it started itself.
#   scripts/services.sh && source .farm-test/services/env.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/lib/all.sh

require_root
export FARM_SERVICES="$repo/.farm-test/services"
ensure_packages postgresql
hosts=()
for name in agent1 agent2 agent3 agent4; do
    docker_ping "$(dockerd_socket "$name")" || reset_dockerd_data "$name"
    hosts+=("$(start_dockerd "$name")")
done
start_registry
start_rabbitmq
start_postgres
seed_base_image "${hosts[0]}"
mkdir -p "$FARM_SERVICES"
test_env "${hosts[@]}" >"$FARM_SERVICES/env.sh"
log "services up; their settings: source $FARM_SERVICES/env.sh"
