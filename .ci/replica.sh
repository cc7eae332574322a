#!/usr/bin/env bash
# A streaming replica of the machine's PostgreSQL (127.0.0.1:5432) for the read-replica suite:
#   .ci/replica.sh start   base backup + standby.signal + primary_conninfo, started on REPLICA_PORT
#   .ci/replica.sh stop    fast shutdown (the data stays for the next start)
#   .ci/replica.sh status  prints the replica's URL when it runs, exits 1 otherwise
#   .ci/replica.sh destroy stop and remove the data directory
# It creates a replication role (newsroom_replication), allows it in pg_hba.conf on 127.0.0.1 and
# reloads the primary: the only changes made to the machine's server, each made once.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${REPLICA_PORT:-5433}"
PRIMARY_HOST=127.0.0.1
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
ROLE=newsroom_replication
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# the postgres user must be able to enter every parent of the data directory
DATA="${REPLICA_DATA_DIR:-$PWD/.data/replica}"
mkdir -p "$(dirname "$DATA")"
if ! runuser -u postgres -- test -x "$(dirname "$DATA")"; then
  DATA="/tmp/newsroom-replica-$(echo "$PWD" | md5sum | cut -c1-8)"
  echo "replica: the postgres user cannot enter $(dirname "$PWD/.data"); using $DATA" >&2
fi
as_pg() { runuser -u postgres -- "$@"; }
url() { echo "postgres://postgres@127.0.0.1:$PORT/${1:-postgres}"; }

running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if running; then url; exit 0; fi
    if [ ! -f "$DATA/standby.signal" ]; then
      psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc \
        "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE WITH REPLICATION LOGIN; END IF; END \$\$"
      HBA="$(psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atc 'SHOW hba_file')"
      if ! grep -q "^host replication $ROLE 127.0.0.1/32 trust" "$HBA"; then
        echo "host replication $ROLE 127.0.0.1/32 trust" >> "$HBA"
        psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -qc 'SELECT pg_reload_conf()' >/dev/null
        sleep 1
      fi
      # a standby needs at least the primary's connection and worker limits
      MAXCONN="$(psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atc 'SHOW max_connections')"
      rm -rf "$DATA"
      mkdir -p "$DATA"
      chown postgres:postgres "$DATA"
      chmod 700 "$DATA"
      # -R writes standby.signal and primary_conninfo; -X stream keeps the WAL of the backup
      as_pg "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$ROLE" -D "$DATA" -R -X stream -c fast
      cat >> "$DATA/postgresql.auto.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DATA'
hot_standby = on
hot_standby_feedback = on
max_connections = $MAXCONN
CONF
      # the machine's config lives outside the data directory: the copy needs a file of its own
      : > "$DATA/postgresql.conf"
      cp "$HBA" "$DATA/pg_hba.conf"
      : > "$DATA/pg_ident.conf"
      chown postgres:postgres "$DATA"/*.conf
    fi
    as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$DATA/replica.log" -w -t 60 \
      -o "-c config_file=$DATA/postgresql.conf -c hba_file=$DATA/pg_hba.conf -c ident_file=$DATA/pg_ident.conf" >/dev/null
    url
    ;;
  stop)
    if running; then as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null; fi
    ;;
  status)
    if running; then url; else exit 1; fi
    ;;
  destroy)
    if running; then as_pg "$BIN/pg_ctl" stop -D "$DATA" -m immediate -w -t 60 >/dev/null; fi
    rm -rf "$DATA"
    ;;
  *)
    echo "usage: $0 start|stop|status|destroy" >&2; exit 2 ;;
esac
