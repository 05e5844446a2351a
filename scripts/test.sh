#!/usr/bin/env bash
# Runs every test against real parts: four Docker engines (the agent tests' one, three for end-to-end agents), a registry seeded with the demo
# base image, RabbitMQ, PostgreSQL 15 and chromium. Services this script starts are stopped again; ones already running are reused.
# The whole solution runs on SQLite; then the Scheduler and Web tiers run again on PostgreSQL.
# Output ends with a "Total tests: N. Passed: N. Failed: N. Skipped: N." line for CI.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
source scripts/lib/all.sh

require_root
export FARM_SERVICES="$repo/.farm-test/services"
results="$repo/.farm-test/results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

engines=(agent1 agent2 agent3 agent4)
started_engines=()
started_registry=0
started_rabbitmq=0
started_postgres=0

stop_started() {
    local name
    for name in "${started_engines[@]}"; do stop_dockerd "$name"; done
    ((started_registry)) && stop_registry
    ((started_rabbitmq)) && stop_rabbitmq
    ((started_postgres)) && stop_postgres
    started_engines=() started_registry=0 started_rabbitmq=0 started_postgres=0
}
trap stop_started EXIT

ensure_packages postgresql

hosts=()
for name in "${engines[@]}"; do
    if ! docker_ping "$(dockerd_socket "$name")"; then
        reset_dockerd_data "$name"
        started_engines+=("$name")
    fi
    hosts+=("$(start_dockerd "$name")")
done
registry_ping || started_registry=1
start_registry
rabbitmq_node_up || started_rabbitmq=1
start_rabbitmq
postgres_up || started_postgres=1
start_postgres
seed_base_image "${hosts[0]}"

eval "$(test_env "${hosts[@]}")"
log "engines: $BUILDFARM_TEST_DOCKER_HOSTS"

mkdir -p "$results"
rc=0
# A hung test is killed after its deadline instead of holding CI until the job's own limit.
dotnet test BuildFarm.sln \
    --results-directory "$results" \
    --blame-hang-timeout 8m --blame-hang-dump-type none \
    "$@" 2>&1 | tee "$results/dotnet-test.log" || rc=$?
# The Scheduler and Web tiers on PostgreSQL (Data.Tests covers both providers by itself): queries SQLite forgives (case, ties, upserts, concurrent writers) must hold there too.
# Built above, so --no-build; a filter given to this script applies here as well.
for tier in Scheduler Web; do
    log "the $tier tier on PostgreSQL"
    BUILDFARM_TEST_DATABASE=postgres dotnet test "tests/$tier.Tests" --no-build \
        --results-directory "$results" \
        --blame-hang-timeout 8m --blame-hang-dump-type none \
        "$@" 2>&1 | tee -a "$results/dotnet-test.log" || rc=$?
done

stop_started
trap - EXIT
((rc == 0)) || log "dotnet test exited with $rc (failed tests, build errors or an aborted test run: see above)"
scripts/lib/test-summary.sh "$results/dotnet-test.log"
exit $rc
