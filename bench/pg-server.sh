# Sourced by the benchmarks: a throwaway PostgreSQL (Debian's postgresql) in a temporary
# directory on 127.0.0.1 at a free port, durability off, run as the postgres user when
# root. pg_start sets PGBIN, PGPORT, PGDIR and pg_url DB prints a --db URL; pg_stop ends it.
pg_start() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed (bash scripts/setup.sh)" >&2; return 1; }
  PGDIR=$(mktemp -d /tmp/fluxscope-pg.XXXXXX)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PGAS=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDIR"; chmod 755 "$PGDIR"; PGAS=(runuser -u postgres --); fi
  "${PGAS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
  "${PGAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -o \
    "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c max_wal_size=4GB -c work_mem=64MB" \
    start >/dev/null
  export PGHOST=127.0.0.1 PGPORT PGUSER=postgres
}
pg_url() { echo "postgres://postgres@127.0.0.1:$PGPORT/$1"; }
pg_stop() {
  [ -n "${PGDIR:-}" ] || return 0
  "${PGAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
