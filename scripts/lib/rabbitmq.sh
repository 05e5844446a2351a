# RabbitMQ is a machine-wide service in Debian (its own user, data in /var/lib/rabbitmq), so it is reused if running.
# Each rabbitmqctl call boots an Erlang VM (~2 s), so checks are few.

rabbitmq_node_up() {
    timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

# await_startup needs a node that epmd already knows, so it follows a ping.
rabbitmq_await() {
    wait_for 120 "the RabbitMQ node" rabbitmq_node_up &&
        timeout 120 rabbitmqctl -q await_startup --timeout 110 >/dev/null
}

start_rabbitmq() {
    if rabbitmq_node_up; then
        log "RabbitMQ already running"
        rabbitmq_await || die "RabbitMQ is running but never finished starting"
        return 0
    fi
    log "starting RabbitMQ (logs: /var/log/rabbitmq)"
    # From / because Debian's wrapper switches to the rabbitmq user, who may not be able to enter the checkout.
    (cd / && setsid rabbitmq-server -detached </dev/null >/dev/null 2>&1) || die "rabbitmq-server -detached failed"
    if ! rabbitmq_await; then
        tail -n 20 /var/log/rabbitmq/rabbit@*.log >&2 2>/dev/null || true
        die "RabbitMQ did not start"
    fi
    log "RabbitMQ ready on 127.0.0.1:5672"
}

stop_rabbitmq() {
    log "stopping RabbitMQ"
    timeout 60 rabbitmqctl -q stop >/dev/null 2>&1 || true
}
