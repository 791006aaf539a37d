#!/usr/bin/env bash
# Start the two SPARQL servers of the remote-store integration tests, both bound to 127.0.0.1 only:
#
#   * the Oxigraph server (binary from the `oxigraph` wheel on PyPI, in its own venv), with the
#     union of the named graphs as default graph, as `policygraph query` sees the embedded store;
#   * Virtuoso from Debian's `virtuoso-opensource` package, with a test configuration of its own
#     (the stock one listens on all interfaces): SQL port and HTTP port on loopback, its own
#     database folder, larger result-set cap, and SPARQL_UPDATE granted to the anonymous
#     SPARQL user (test servers only: loopback, throw-away data).
#
# Idempotent: a server that already answers is left alone; an existing database is reused.
# Exports nothing.  Prints where the servers listen and writes the same lines to
# .ci/services.env, which tests read when the variables are not in their environment:
#
#   POLICYGRAPH_TEST_OXIGRAPH=http://127.0.0.1:7878   (query /query, update /update, GSP /store)
#   POLICYGRAPH_TEST_VIRTUOSO=http://127.0.0.1:8890   (query and update /sparql, GSP /sparql-graph-crud)
#
# Usage:  .ci/services.sh [start|stop|status]      (start is the default)
# Settings (environment): POLICYGRAPH_SERVICES_DIR (state, default ${TMPDIR:-/tmp}/policygraph-services),
#   OXIGRAPH_PORT (7878), VIRTUOSO_HTTP_PORT (8890), VIRTUOSO_SQL_PORT (1111), PYTHON (python3).
# Installing Virtuoso needs root (or sudo) and apt; without it only Oxigraph is started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${POLICYGRAPH_SERVICES_DIR:-${TMPDIR:-/tmp}/policygraph-services}
OX_PORT=${OXIGRAPH_PORT:-7878}
VT_HTTP=${VIRTUOSO_HTTP_PORT:-8890}
VT_SQL=${VIRTUOSO_SQL_PORT:-1111}
PY=${PYTHON:-python3}
OX_VERSION="0.5.13"
ENV_FILE="$ROOT/.ci/services.env"
OX_URL="http://127.0.0.1:$OX_PORT"
VT_URL="http://127.0.0.1:$VT_HTTP"

mkdir -p "$STATE"

log() { printf 'services: %s\n' "$*" >&2; }

# http_ok URL: true when URL answers with a 2xx status within 2 s (python: curl may be absent)
http_ok() {
  "$PY" - "$1" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.exit(0 if 200 <= r.status < 300 else 1)
EOF
}

# wait_http URL SECONDS
wait_http() {
  local url=$1 n=$2
  for _ in $(seq 1 "$((n * 2))"); do
    if http_ok "$url"; then return 0; fi
    sleep 0.5
  done
  return 1
}

ask_url() { printf '%s?query=ASK%%7B%%7D' "$1"; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

# ---------------------------------------------------------------------------------- Oxigraph
OX_BIN="$STATE/oxigraph-venv/bin/oxigraph"
OX_PID="$STATE/oxigraph.pid"

start_oxigraph() {
  if http_ok "$(ask_url "$OX_URL/query")"; then
    log "Oxigraph already answers at $OX_URL"
    return 0
  fi
  if [ ! -x "$OX_BIN" ]; then
    log "installing the oxigraph wheel ($OX_VERSION) into $STATE/oxigraph-venv"
    "$PY" -m venv "$STATE/oxigraph-venv"
    "$STATE/oxigraph-venv/bin/pip" install --quiet "oxigraph==$OX_VERSION"
  fi
  mkdir -p "$STATE/oxigraph"
  nohup "$OX_BIN" serve --location "$STATE/oxigraph" --bind "127.0.0.1:$OX_PORT" \
    --union-default-graph >"$STATE/oxigraph.log" 2>&1 &
  echo $! >"$OX_PID"
  if ! wait_http "$(ask_url "$OX_URL/query")" 30; then
    log "Oxigraph did not start; see $STATE/oxigraph.log"
    tail -n 20 "$STATE/oxigraph.log" >&2 || true
    return 1
  fi
  log "Oxigraph started (pid $(cat "$OX_PID"))"
}

# ---------------------------------------------------------------------------------- Virtuoso
VT_DIR="$STATE/virtuoso"
VT_INI="$VT_DIR/virtuoso.ini"

write_virtuoso_ini() {
  mkdir -p "$VT_DIR/load"
  cat >"$VT_INI" <<EOF
; policygraph test configuration: every port on loopback, database under $VT_DIR
[Database]
DatabaseFile       = $VT_DIR/virtuoso.db
ErrorLogFile       = $VT_DIR/virtuoso.log
LockFile           = $VT_DIR/virtuoso.lck
TransactionFile    = $VT_DIR/virtuoso.trx
xa_persistent_file = $VT_DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $VT_DIR/virtuoso-temp.db
TransactionFile    = $VT_DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$VT_SQL
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = ., $VT_DIR, /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 200000000
MaxQueryMem              = 2G
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 4
AsyncQueueMaxThreads     = 10
NumberOfBuffers          = 100000
MaxDirtyBuffers          = 75000

[HTTPServer]
ServerPort                  = 127.0.0.1:$VT_HTTP
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
MaintenancePage             = atomic.html
EnabledGzipContent          = 1

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[VDB]
ArrayOptimization           = 0
NumArrayParameters          = 10
VDBDisconnectTimeout        = 1000
KeepConnectionOnFixedThread = 0

[Replication]
ServerName   = db
ServerEnable = 1
QueueMax     = 50000

[Zero Config]
ServerName = virtuoso

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:$VT_HTTP

[SPARQL]
; the stock cap (10000) would silently truncate results; policygraph's RemoteStore reports
; Virtuoso's partial ("anytime") answers after MaxQueryExecutionTime as errors
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 300
DefaultQuery               = select distinct ?Concept where {[] a ?Concept} LIMIT 100
DeferInferenceRulesInit    = 0
MaxSortedTopRows           = 1000000
EOF
}

virtuoso_pid() { sed -n 's/^VIRT_PID=//p' "$VT_DIR/virtuoso.lck" 2>/dev/null || true; }

start_virtuoso() {
  if http_ok "$(ask_url "$VT_URL/sparql")"; then
    log "Virtuoso already answers at $VT_URL"
    return 0
  fi
  if ! command -v virtuoso-t >/dev/null; then
    log "installing virtuoso-opensource with apt"
    command -v apt-get >/dev/null || { log "cannot install Virtuoso: no apt-get"; return 1; }
    # the package's stock server listens on all interfaces: keep it from starting at install
    # (policy-rc.d, the Debian way), and stop it should it have started anyway
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | sudo_ tee "$policy" >/dev/null && sudo_ chmod +x "$policy" && made_policy=1
    fi
    local ok=1
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null 2>&1 || {
      sudo_ apt-get update -qq && \
        sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
    } || ok=0
    if [ -n "$made_policy" ]; then sudo_ rm -f "$policy"; fi
    [ "$ok" = 1 ] || { log "cannot install Virtuoso (need root or sudo, and apt)"; return 1; }
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      sudo_ systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
    elif [ -x /etc/init.d/virtuoso-opensource-7 ]; then
      sudo_ /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    fi
  fi
  write_virtuoso_ini
  rm -f "$VT_DIR/virtuoso.lck"
  (cd "$VT_DIR" && virtuoso-t +configfile "$VT_INI" +wait >"$VT_DIR/start.log" 2>&1) || {
    log "Virtuoso did not start; see $VT_DIR/virtuoso.log"
    tail -n 20 "$VT_DIR/virtuoso.log" >&2 || true
    return 1
  }
  if ! wait_http "$(ask_url "$VT_URL/sparql")" 120; then
    log "Virtuoso HTTP server does not answer; see $VT_DIR/virtuoso.log"
    tail -n 20 "$VT_DIR/virtuoso.log" >&2 || true
    return 1
  fi
  # anonymous SPARQL updates and graph-store writes, for the test server only
  isql-vt "127.0.0.1:$VT_SQL" dba dba >"$VT_DIR/grant.log" 2>&1 <<'EOF'
GRANT SPARQL_UPDATE TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";
GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
EOF
  log "Virtuoso started (pid $(virtuoso_pid))"
}

stop_all() {
  if alive "$OX_PID"; then kill "$(cat "$OX_PID")" && log "Oxigraph stopped"; fi
  rm -f "$OX_PID"
  local vp
  vp=$(virtuoso_pid)
  if [ -n "$vp" ] && kill -0 "$vp" 2>/dev/null; then
    isql-vt "127.0.0.1:$VT_SQL" dba dba exec="shutdown;" >/dev/null 2>&1 || kill "$vp"
    log "Virtuoso stopped"
  fi
  rm -f "$ENV_FILE"
}

report() {
  local lines=""
  if http_ok "$(ask_url "$OX_URL/query")"; then
    lines+="POLICYGRAPH_TEST_OXIGRAPH=$OX_URL"$'\n'
  fi
  if http_ok "$(ask_url "$VT_URL/sparql")"; then
    lines+="POLICYGRAPH_TEST_VIRTUOSO=$VT_URL"$'\n'
  fi
  {
    echo "# written by .ci/services.sh; servers listening on loopback"
    printf '%s' "$lines"
  } >"$ENV_FILE"
  printf '%s' "$lines"
  log "wrote $ENV_FILE"
}

case "${1:-start}" in
  start)
    status=0
    start_oxigraph || status=1
    start_virtuoso || status=1
    report
    exit $status
    ;;
  stop) stop_all ;;
  status) report ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
