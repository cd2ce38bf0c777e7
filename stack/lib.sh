# shellcheck shell=bash
# Sourced helpers that start and stop peba's test/demo service stack (OpenSearch, memcached, FastCGI workers, nginx).
#
# Every daemon is started detached (own session, stdin from /dev/null, stdout/stderr to a log in
# RUNDIR, every other inherited descriptor closed), so a caller such as ctest that waits on its
# pipes returns as soon as the starting script exits. Each start_* records pids in RUNDIR/*.pid;
# stop_stack RUNDIR stops whatever those files name. Functions return non-zero on failure (they do
# not rely on the caller's `set -e`) and say why on stderr.

STACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$STACK_DIR")

stack_log() { printf 'stack: %s\n' "$*" >&2; }
stack_err() { printf 'stack: error: %s\n' "$*" >&2; return 1; }

# The tail of a log file on stderr, indented, for failure reports.
_log_tail() {
    local file=$1 lines=${2:-40}
    [[ -f $file ]] || { printf '  (no log %s)\n' "$file" >&2; return 0; }
    printf -- '--- last %s lines of %s ---\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" | sed 's/^/  /' >&2
    printf -- '--- end of %s ---\n' "$file" >&2
}

# Runs CMD... with stdin from /dev/null, stdout+stderr appended to LOG, in a new session and with
# every descriptor above 2 closed. "bg" runs it in the background and sets SPAWNED_PID (the pid of
# CMD itself: the subshell execs setsid, which execs CMD because it is not a group leader);
# "fg" waits for it and returns its status.
_detached() {
    local mode=$1 log=$2 job_control=0
    shift 2
    # With job control on (an interactive shell that sourced this file) the subshell would lead
    # its own process group and setsid would fork, so SPAWNED_PID would not be CMD's pid.
    if [[ $- == *m* ]]; then
        job_control=1
        set +m
    fi
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if ((fd > 2)); then eval "exec ${fd}>&-" 2>/dev/null || true; fi
        done
        exec setsid "$@" </dev/null >>"$log" 2>&1
    ) &
    SPAWNED_PID=$!
    if ((job_control)); then set -m; fi
    if [[ $mode == fg ]]; then
        wait "$SPAWNED_PID"
    fi
}

# The TCP ports something listens on (any address), one per line.
_listening_ports() {
    ss -Htln 2>/dev/null | awk '{ n = split($4, a, ":"); print a[n] }' | sort -un
}

# free_port [EXCLUDED_PORT...]: prints a TCP port nobody listens on, random in 20000-60000 but
# outside the kernel's ephemeral range (where outgoing connections take their local ports).
free_port() {
    local lo=20000 hi=60000 eph_lo=0 eph_hi=0 port tries used
    if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
        read -r eph_lo eph_hi </proc/sys/net/ipv4/ip_local_port_range || true
    fi
    used=" $(_listening_ports | tr '\n' ' ') $* "
    for ((tries = 0; tries < 1000; tries++)); do
        port=$((lo + ((RANDOM << 15) | RANDOM) % (hi - lo + 1)))
        if ((tries < 900 && port >= eph_lo && port <= eph_hi)); then continue; fi
        [[ $used == *" $port "* ]] && continue
        printf '%s\n' "$port"
        return 0
    done
    stack_err "free_port: no free port found"
}

# port_is_free PORT: true when nothing listens on PORT.
port_is_free() {
    local ports
    ports=$(_listening_ports)
    ! grep -qx -- "$1" <<<"$ports"
}

# wait_http URL SECONDS: waits until URL answers with a 2xx status; false on timeout.
wait_http() {
    local url=$1 secs=$2 deadline
    deadline=$((SECONDS + secs))
    while ((SECONDS < deadline)); do
        if curl -ksf -o /dev/null --max-time 2 "$url"; then return 0; fi
        sleep 0.2
    done
    curl -ksf -o /dev/null --max-time 2 "$url"
}

# wait_port PORT SECONDS [PID]: waits until something listens on 127.0.0.1:PORT (and PID lives).
wait_port() {
    local port=$1 secs=$2 pid=${3:-} deadline
    deadline=$((SECONDS + secs))
    while :; do
        if ! port_is_free "$port"; then return 0; fi
        if [[ -n $pid ]] && ! _alive "$pid"; then return 1; fi
        ((SECONDS < deadline)) || return 1
        sleep 0.05
    done
}

# _alive PID: true while PID exists and is not a zombie.
_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# _started_before PID FILE: true when PID's process started no later than FILE was written,
# so a pid file never makes us signal an unrelated process that reused the pid.
_started_before() {
    local pid=$1 file=$2 stat fields btime hz start mtime
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    read -r -a fields <<<"$stat"
    btime=$(awk '/^btime/ { print $2 }' /proc/stat)
    hz=$(getconf CLK_TCK)
    start=$((btime + fields[19] / hz))
    mtime=$(stat -c %Y "$file" 2>/dev/null) || return 1
    ((start <= mtime + 2))
}

# _mentions PID TEXT: true when PID's command line contains TEXT (the daemons started here name
# their RUNDIR on it), an identity check that does not depend on clocks.
_mentions() {
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"$2"* ]]
}

# _pids_from FILE: the live pids listed in pid file FILE that started before it was written
# (or that name FILE's directory on their command line).
_pids_from() {
    local file=$1 pid dir
    local -a pids
    [[ -f $file ]] || return 0
    dir=$(dirname "$file")
    # spawn-fcgi -F N -P FILE writes all N pids, one per line, without a final newline
    # (mapfile keeps that last line; `while read` would drop it).
    mapfile -t pids <"$file"
    for pid in "${pids[@]}"; do
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if _alive "$pid" && { _started_before "$pid" "$file" || _mentions "$pid" "$dir/"; }; then
            printf '%s\n' "$pid"
        fi
    done
}

# _stop_pids SIGNAL TIMEOUT PID...: sends SIGNAL, waits up to TIMEOUT seconds, then SIGKILLs.
_stop_pids() {
    local sig=$1 timeout=$2 pid deadline
    local -a left
    shift 2
    (($# > 0)) || return 0
    kill "-$sig" "$@" 2>/dev/null || true
    deadline=$((SECONDS + timeout))
    while :; do
        left=()
        for pid in "$@"; do _alive "$pid" && left+=("$pid"); done
        ((${#left[@]} > 0)) || return 0
        if ((SECONDS >= deadline)); then
            stack_log "still running after ${timeout}s, sending SIGKILL: ${left[*]}"
            kill -KILL "${left[@]}" 2>/dev/null || true
            sleep 0.2
            return 0
        fi
        sleep 0.1
        set -- "${left[@]}"
    done
}

# The OpenSearch launcher command (compiled class when fresh, else Java source-file mode).
_opensearch_cmd() {
    local cp_file=$STACK_DIR/opensearch/classpath.txt cp jar java=java
    local src=$STACK_DIR/opensearch/PebaOpenSearch.java
    local cls=$STACK_DIR/opensearch/classes/PebaOpenSearch.class
    [[ -s $cp_file ]] || stack_err "$cp_file missing: run stack/install-deps" || return 1
    cp=$(<"$cp_file")
    local -a jars
    IFS=: read -r -a jars <<<"$cp"
    for jar in "${jars[@]}"; do
        [[ -f $jar ]] || stack_err "$jar (from $cp_file) missing: run stack/install-deps" || return 1
    done
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then java=$JAVA_HOME/bin/java; fi
    # shellcheck disable=SC2206 # ES_JAVA_OPTS is a word list on purpose
    OPENSEARCH_CMD=("$java" ${ES_JAVA_OPTS:--Xmx1g})
    if [[ -f $cls && $cls -nt $src ]]; then
        OPENSEARCH_CMD+=(-cp "$STACK_DIR/opensearch/classes:$cp" PebaOpenSearch)
    else
        OPENSEARCH_CMD+=(-cp "$cp" "$src")
    fi
}

# launch_opensearch RUNDIR PORT [TRANSPORT_PORT]: starts the node, does not wait for it.
launch_opensearch() {
    local rundir=$1 port=$2 tport=${3:-}
    [[ -n $tport ]] || tport=$(free_port "$port") || return 1
    _opensearch_cmd || return 1
    rm -rf "$rundir/opensearch"
    mkdir -p "$rundir/opensearch" || return 1
    : >"$rundir/opensearch.log"
    _detached bg "$rundir/opensearch.log" "${OPENSEARCH_CMD[@]}" \
        "$rundir/opensearch" "$port" "$tport" "peba-test-$port"
    printf '%s\n' "$SPAWNED_PID" >"$rundir/opensearch.pid"
}

# wait_opensearch RUNDIR PORT [SECONDS]: waits for cluster health yellow (default 90 s).
wait_opensearch() {
    local rundir=$1 port=$2 secs=${3:-90} pid deadline
    local url="http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&timeout=1s"
    pid=$(<"$rundir/opensearch.pid")
    deadline=$((SECONDS + secs))
    while :; do
        if curl -sf -o /dev/null --max-time 3 "$url"; then return 0; fi
        if ! _alive "$pid"; then
            _log_tail "$rundir/opensearch.log"
            stack_err "OpenSearch (pid $pid) exited during start-up"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            _log_tail "$rundir/opensearch.log"
            stack_err "OpenSearch on port $port not healthy within ${secs}s"
            return 1
        fi
        sleep 0.2
    done
}

# start_opensearch RUNDIR PORT [TRANSPORT_PORT]: starts a single-node OpenSearch on
# 127.0.0.1:PORT with data under RUNDIR/opensearch, log RUNDIR/opensearch.log, pid
# RUNDIR/opensearch.pid, and waits (90 s at most) until the cluster is yellow.
start_opensearch() {
    launch_opensearch "$@" && wait_opensearch "$1" "$2" 90
}

# start_memcached RUNDIR PORT: memcached on 127.0.0.1:PORT (TCP only), pid RUNDIR/memcached.pid.
start_memcached() {
    local rundir=$1 port=$2 args
    args=(-l 127.0.0.1 -p "$port" -U 0 -m "${MC_MEMORY_MB:-64}" -c 1024 -t 2)
    if ((EUID == 0)); then args+=(-u root); fi
    : >"$rundir/memcached.log"
    _detached bg "$rundir/memcached.log" memcached "${args[@]}"
    printf '%s\n' "$SPAWNED_PID" >"$rundir/memcached.pid"
    if ! wait_port "$port" 10 "$SPAWNED_PID"; then
        _log_tail "$rundir/memcached.log"
        stack_err "memcached did not listen on 127.0.0.1:$port"
        return 1
    fi
}

# socket_path RUNDIR: RUNDIR/peba.sock, or a /tmp/peba-N.sock when RUNDIR is too long for sun_path (108 bytes).
socket_path() {
    local socket=$1/peba.sock
    if ((${#socket} >= 100)); then socket=/tmp/peba-$(cksum <<<"$1" | cut -d' ' -f1).sock; fi
    printf '%s\n' "$socket"
}

# _children PID: the pids of PID's child processes, one per line.
_children() {
    local list pid
    list=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || return 0
    for pid in $list; do printf '%s\n' "$pid"; done
}

# _start_pool RUNDIR SOCKET CONFIG N BINARY: peba-fcgi's own prefork master (`--listen`), which
# replaces a worker that dies; RUNDIR/workers.pid holds the master's pid, the workers are its children.
# Runs inside start_workers (its `wrapper` array).
_start_pool() {
    local rundir=$1 socket=$2 config=$3 n=$4 binary=$5 deadline
    _detached bg "$rundir/workers.log" "${wrapper[@]}" "$binary" --config "$config" \
        --listen "unix:$socket" --workers "$n" --socket-mode 0666
    printf '%s\n' "$SPAWNED_PID" >"$rundir/workers.pid"
    deadline=$((SECONDS + ${#wrapper[@]} * 10 + 10))
    until [[ -S $socket ]] && (($(_children "$SPAWNED_PID" | wc -l) == n)); do
        if ! _alive "$SPAWNED_PID" || ((SECONDS >= deadline)); then
            _log_tail "$rundir/workers.log" 20
            stack_err "the worker pool (pid $SPAWNED_PID) did not start $n workers on $socket"
            return 1
        fi
        sleep 0.05
    done
}

# start_workers RUNDIR SOCKET CONFIG N BINARY: N FastCGI workers `BINARY --config CONFIG` sharing
# the unix socket SOCKET (mode 0666 so nginx workers of any user can connect). Their stderr is
# appended to RUNDIR/workers.log; RUNDIR/workers.pid lists all N pids, one per line.
# WORKERS_MODE=pool: peba-fcgi's own master instead of spawn-fcgi (see _start_pool).
# PEBA_WRAPPER: words that run each worker (the master in pool mode) under a tool, e.g.
# "valgrind --leak-check=full --error-exitcode=99 --log-file=RUNDIR/valgrind-%p.log".
start_workers() {
    local rundir=$1 socket=$2 config=$3 n=$4 binary=$5 pid count
    local -a wrapper
    read -r -a wrapper <<<"${PEBA_WRAPPER:-}"
    [[ $n =~ ^[1-9][0-9]*$ ]] || stack_err "start_workers: worker count '$n' is not a positive integer" || return 1
    [[ -x $binary && ! -d $binary ]] || stack_err "FastCGI binary '$binary' is not executable" || return 1
    [[ -f $config ]] || stack_err "config '$config' missing" || return 1
    ((${#socket} < 100)) || stack_err "socket path too long for a unix socket: $socket" || return 1
    : >>"$rundir/workers.log"
    rm -f "$rundir/workers.pid"
    printf '%s\n' "$socket" >"$rundir/workers.socket"
    case ${WORKERS_MODE:-spawn-fcgi} in
    pool) _start_pool "$rundir" "$socket" "$config" "$n" "$binary"; return ;;
    spawn-fcgi) ;;
    *) stack_err "WORKERS_MODE='$WORKERS_MODE' is neither spawn-fcgi nor pool"; return ;;
    esac
    # spawn-fcgi points the children's stdout/stderr at /dev/null; the sh wrapper sends stderr to
    # the log and then execs the binary, so each recorded pid is the worker itself.
    # shellcheck disable=SC2016 # $1/$@ belong to the inner sh
    if ! _detached fg "$rundir/spawn-fcgi.log" spawn-fcgi -s "$socket" -M 0666 -F "$n" \
        -P "$rundir/workers.pid" -- /bin/sh -c 'log=$1; shift; exec "$@" 2>>"$log"' sh \
        "$rundir/workers.log" "${wrapper[@]}" "$binary" --config "$config"; then
        _log_tail "$rundir/spawn-fcgi.log" 20
        _log_tail "$rundir/workers.log" 20
        stack_err "spawn-fcgi failed to start $n workers of $binary"
        return 1
    fi
    count=0
    for pid in $(_pids_from "$rundir/workers.pid"); do count=$((count + 1)); done
    if ((count != n)) || [[ ! -S $socket ]]; then
        _log_tail "$rundir/spawn-fcgi.log" 20
        _log_tail "$rundir/workers.log" 20
        stack_err "expected $n live workers on $socket, found $count"
        return 1
    fi
}

# render_template IN OUT KEY=VALUE...: copies IN to OUT replacing every @KEY@ by VALUE;
# fails if a @PLACEHOLDER@ is left over.
render_template() {
    local in=$1 out=$2 text kv key left
    shift 2
    text=$(<"$in") || return 1
    for kv in "$@"; do
        key=${kv%%=*}
        text=${text//"@$key@"/"${kv#*=}"}
    done
    left=$(grep -o '@[A-Z_]*@' <<<"$text" | sort -u | tr '\n' ' ') || true
    [[ -z $left ]] || stack_err "render_template $in: unfilled placeholders: $left" || return 1
    printf '%s\n' "$text" >"$out.tmp" && mv "$out.tmp" "$out"
}

# make_cert DIR: a self-signed cert for localhost/127.0.0.1 as DIR/cert.pem and DIR/key.pem.
make_cert() {
    local dir=$1
    [[ -s $dir/cert.pem && -s $dir/key.pem ]] && return 0
    mkdir -p "$dir" || return 1
    if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
        -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
        -keyout "$dir/key.pem" -out "$dir/cert.pem" >"$dir/openssl.log" 2>&1; then
        _log_tail "$dir/openssl.log" 20
        stack_err "openssl could not make a self-signed certificate"
        return 1
    fi
    chmod 600 "$dir/key.pem"
}

# start_nginx RUNDIR HTTP_PORT HTTPS_PORT SOCKET [TEMPLATE]: renders TEMPLATE (default
# stack/nginx.conf.in, or $NGINX_TEMPLATE) to RUNDIR/nginx.conf with pid, logs and temp paths
# inside RUNDIR and a self-signed cert in RUNDIR/tls, and starts nginx (pid RUNDIR/nginx.pid).
start_nginx() {
    local rundir=$1 http=$2 https=$3 socket=$4
    local template=${5:-${NGINX_TEMPLATE:-$STACK_DIR/nginx.conf.in}} user_line="" pid
    make_cert "$rundir/tls" || return 1
    mkdir -p "$rundir/nginx-tmp" || return 1
    if ((EUID == 0)); then user_line="user root;"; fi
    render_template "$template" "$rundir/nginx.conf" \
        "RUNDIR=$rundir" "REPO=$REPO_DIR" "HTTP_PORT=$http" "HTTPS_PORT=$https" \
        "SOCKET=$socket" "USER_LINE=$user_line" || return 1
    rm -f "$rundir/nginx.pid"
    : >>"$rundir/nginx-error.log"
    if ! _detached fg "$rundir/nginx-start.log" nginx -e "$rundir/nginx-error.log" \
        -p "$rundir/" -c "$rundir/nginx.conf"; then
        _log_tail "$rundir/nginx-start.log" 20
        _log_tail "$rundir/nginx-error.log" 20
        stack_err "nginx failed to start with $rundir/nginx.conf"
        return 1
    fi
    # The daemonizing parent exits before its child writes the pid file.
    for _ in $(seq 50); do
        [[ -s $rundir/nginx.pid ]] && break
        sleep 0.05
    done
    pid=$(cat "$rundir/nginx.pid" 2>/dev/null) || true
    if [[ -z $pid ]] || ! wait_port "$http" 10 "$pid" || ! wait_port "$https" 10 "$pid"; then
        _log_tail "$rundir/nginx-error.log" 20
        stack_err "nginx did not listen on ports $http/$https"
        return 1
    fi
}

# stack_running RUNDIR: true when any process recorded in RUNDIR's pid files is alive.
stack_running() {
    local rundir=$1 f
    for f in nginx workers memcached opensearch; do
        [[ -n $(_pids_from "$rundir/$f.pid") ]] && return 0
    done
    return 1
}

# stop_stack RUNDIR: stops nginx, the workers, memcached and OpenSearch recorded in RUNDIR/*.pid
# (SIGTERM, then SIGKILL after a timeout), removes the pid files and the socket. Never fails;
# a second call finds nothing to do.
stop_stack() {
    local rundir=$1 socket=""
    [[ -d $rundir ]] || return 0
    local -a nginx workers memcached opensearch pool_workers
    mapfile -t nginx < <(_pids_from "$rundir/nginx.pid")
    mapfile -t workers < <(_pids_from "$rundir/workers.pid")
    # pool mode: a master killed after the timeout would leave its workers running
    mapfile -t pool_workers < <(for pid in "${workers[@]}"; do _children "$pid"; done)
    mapfile -t memcached < <(_pids_from "$rundir/memcached.pid")
    mapfile -t opensearch < <(_pids_from "$rundir/opensearch.pid")
    # Front to back, but without waiting in between: the JVM takes longest, so signal it early.
    ((${#opensearch[@]} == 0)) || kill -TERM "${opensearch[@]}" 2>/dev/null || true
    _stop_pids TERM 10 "${nginx[@]}"
    _stop_pids TERM 5 "${workers[@]}" "${memcached[@]}"
    _stop_pids KILL 1 "${pool_workers[@]}"
    _stop_pids TERM 30 "${opensearch[@]}"
    if [[ -f $rundir/workers.socket ]]; then socket=$(<"$rundir/workers.socket"); fi
    if [[ -n $socket && -S $socket ]]; then rm -f "$socket"; fi
    rm -f "$rundir/nginx.pid" "$rundir/workers.pid" "$rundir/memcached.pid" \
        "$rundir/opensearch.pid" "$rundir/workers.socket" "$rundir/env"
    return 0
}
