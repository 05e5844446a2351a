# test_env HOST...: the BUILDFARM_TEST_* settings the test suites and the benches read, as export lines, for the
# engines given (the first is the agent tests' own) and the registry, RabbitMQ and PostgreSQL the scripts start.
test_env() {
    local hosts
    hosts=$(IFS=,; echo "$*")
    printf 'export BUILDFARM_TEST_DOCKER_HOSTS=%q\n' "$hosts"
    printf 'export BUILDFARM_TEST_DOCKER_HOST=%q\n' "$1"
    printf 'export BUILDFARM_TEST_REGISTRY=%q\n' "$FARM_REGISTRY"
    printf 'export BUILDFARM_TEST_BASE_IMAGE=%q\n' "$FARM_BASE_IMAGE"
    printf 'export BUILDFARM_TEST_RABBITMQ=%q\n' "amqp://guest:guest@127.0.0.1:5672/"
    printf 'export BUILDFARM_TEST_REQUIRE_SERVICES=1\n'
    printf 'export BUILDFARM_TEST_POSTGRES=%q\n' "$(postgres_connection_string postgres)"
}
