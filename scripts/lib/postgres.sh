# PostgreSQL 15 is a machine-wide service in Debian (its own cluster under /var/lib/postgresql), reused if running.
# The farm's tests and the postgres option connect over TCP on 127.0.0.1 as their own role, never as the superuser.

FARM_POSTGRES_PORT=${FARM_POSTGRES_PORT:-5432}
FARM_POSTGRES_USER=${FARM_POSTGRES_USER:-buildfarm}
FARM_POSTGRES_PASSWORD=${FARM_POSTGRES_PASSWORD:-buildfarm}

postgres_up() {
    pg_isready -q -h 127.0.0.1 -p "$FARM_POSTGRES_PORT"
}

# postgres_admin SQL: runs SQL as the superuser over the local socket (peer authentication), from / so the postgres
# user can enter the working directory. runuser takes an argument list: nothing is re-parsed by a shell.
postgres_admin() {
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$FARM_POSTGRES_PORT" -c "$1")
}

start_postgres() {
    if ! postgres_up; then
        # Debian's postinst makes the 15/main cluster; one removed by hand is made again.
        pg_lsclusters -h 2>/dev/null | grep -q '^15 main' || pg_createcluster 15 main -p "$FARM_POSTGRES_PORT" >/dev/null
        log "starting PostgreSQL 15 (logs: /var/log/postgresql)"
        pg_ctlcluster 15 main start || die "pg_ctlcluster 15 main start failed (see /var/log/postgresql/postgresql-15-main.log)"
        wait_for 60 "PostgreSQL on 127.0.0.1:$FARM_POSTGRES_PORT" postgres_up || die "PostgreSQL did not start"
    else
        log "PostgreSQL already running"
    fi
    # The role may create databases: each test class gets a database of its own and drops it after.
    postgres_admin "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$FARM_POSTGRES_USER') THEN
            CREATE ROLE $FARM_POSTGRES_USER LOGIN CREATEDB PASSWORD '$FARM_POSTGRES_PASSWORD';
        END IF;
    END \$\$;" >/dev/null || die "could not create the PostgreSQL role $FARM_POSTGRES_USER"
    # A test drops its database WITH (FORCE), which must also end an autovacuum worker that happens to be in it.
    postgres_admin "GRANT pg_signal_backend TO $FARM_POSTGRES_USER" >/dev/null || die "could not grant pg_signal_backend"
    log "PostgreSQL ready on 127.0.0.1:$FARM_POSTGRES_PORT (role $FARM_POSTGRES_USER)"
}

stop_postgres() {
    log "stopping PostgreSQL"
    pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
}

# A connection string for a database on the local server, as the farm's role.
postgres_connection_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
        "$FARM_POSTGRES_PORT" "$1" "$FARM_POSTGRES_USER" "$FARM_POSTGRES_PASSWORD"
}

# ensure_postgres_database NAME: a database owned by the farm's role, made once and kept across runs.
ensure_postgres_database() {
    [[ $1 =~ ^[a-z_][a-z0-9_]*$ ]] || die "not a plain PostgreSQL database name: $1"
    if ! (cd / && runuser -u postgres -- psql -X -tA -p "$FARM_POSTGRES_PORT" -c "SELECT 1 FROM pg_database WHERE datname = '$1'") | grep -q 1; then
        postgres_admin "CREATE DATABASE $1 OWNER $FARM_POSTGRES_USER" >/dev/null || die "could not create the PostgreSQL database $1"
        log "created PostgreSQL database $1"
    fi
}
