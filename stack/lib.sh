# shellcheck shell=bash
# Sourced helpers that start and stop peba's test/demo service stack (the search engine's nodes, memcached, FastCGI workers, nginx).
#
# Every daemon runs under Debian's start-stop-daemon (daemon_start, daemon_stop), keyed by a path
# RUNDIR/NAME; stop_stack RUNDIR stops every daemon that has a pid file in RUNDIR. Functions return
# non-zero on failure (they do not rely on the caller's `set -e`) and say why on stderr.

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

# ---- daemons ----
# A daemon KEY (RUNDIR/NAME, e.g. RUNDIR/memcached) has KEY.pid (its pids, one per line), KEY.exe
# (the program they run) and KEY.log (their stdout and stderr). start-stop-daemon acts on a pid only
# while it runs KEY.exe as this user, so a stale pid file never makes it signal an unrelated process
# that reused the pid. An empty KEY.exe leaves the user as the only check: for a wrapper that runs
# another program than the one it was given (valgrind runs its tool). Without KEY.exe nothing is done.

# _match KEY: start-stop-daemon's options that identify KEY's processes, in the caller's `match`.
_match() {
    local exe
    [[ -f $1.exe ]] || return 1
    exe=$(<"$1.exe")
    match=(--user "$EUID")
    if [[ -n $exe ]]; then match+=(--exec "$exe"); fi
}

# daemon_start KEY CMD...: runs CMD in KEY's directory, detached (own session, stdin /dev/null,
# stdout and stderr appended to KEY.log, every other descriptor closed, so a caller waiting on its
# pipes such as ctest is not held up), and records its pid in KEY.pid; fails when it already runs.
# DAEMON_EXE, when set, goes to KEY.exe instead of CMD's program.
daemon_start() {
    local key=$1 program
    local -a match
    shift
    program=$(command -v "$1") && program=$(readlink -f "$program") || stack_err "$1: no such program" || return 1
    printf '%s\n' "${DAEMON_EXE-$program}" >"$key.exe"
    _match "$key"
    start-stop-daemon --start --quiet --background --make-pidfile --pidfile "$key.pid" --output "$key.log" \
        --chdir "$(dirname "$key")" "${match[@]}" --startas "$program" -- "${@:2}" ||
        stack_err "${key##*/} ($program) runs already or could not start"
}

# _each KEY 'PID...' ARGS...: `start-stop-daemon ARGS` for each of the PIDs that is KEY's (see
# above), all at once; prints the pids it succeeded for.
_each() {
    local key=$1 pids=$2 pid
    local -a match jobs=()
    shift 2
    _match "$key" || return 0
    for pid in $pids; do
        [[ $pid =~ ^[1-9][0-9]*$ ]] || continue
        { start-stop-daemon --quiet --pid "$pid" "${match[@]}" "$@" && printf '%s\n' "$pid"; } &
        jobs+=($!)
    done
    if ((${#jobs[@]} > 0)); then wait "${jobs[@]}" || true; fi
}

# daemon_pids KEY: KEY's running pids, one per line.
daemon_pids() { _each "$1" "$(cat "$1.pid" 2>/dev/null)" --status; }

# daemon_signal KEY SIGNAL: sends SIGNAL (STOP, CONT, HUP, ...) to KEY's processes.
daemon_signal() { _each "$1" "$(cat "$1.pid" 2>/dev/null)" --stop --signal "$2" >/dev/null; }

# daemon_stop KEY: stops KEY's processes (SIGCONT for a paused one, then SIGTERM, SIGKILL after
# 10 s) and returns once they are gone; removes KEY.pid and KEY.exe. A process killed at the end of
# its time cannot stop its children (a pool master its workers): those that are left get SIGKILL.
daemon_stop() {
    local key=$1 pids children
    pids=$(daemon_pids "$key")
    children=$(for pid in $pids; do pgrep -P "$pid" || true; done)
    _each "$key" "$pids" --stop --retry CONT/TERM/10/KILL/5 >/dev/null
    _each "$key" "$children" --stop --signal KILL >/dev/null
    rm -f "$key.pid" "$key.exe"
}

# _alive PID: true while PID exists and is not a zombie (for waits right after a start, when the
# process may not have reached its program yet).
_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# _gone PID...: true when none of the PIDs runs any more.
_gone() {
    local pid
    for pid; do
        if _alive "$pid"; then return 1; fi
    done
}

# wait_for SECONDS PID CMD...: runs CMD until it succeeds; false after SECONDS or once PID (when
# not empty) has ended.
wait_for() {
    local deadline=$((SECONDS + $1)) pid=$2
    shift 2
    until "$@"; do
        if [[ -n $pid ]] && ! _alive "$pid"; then return 1; fi
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# ---- ports ----

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

# _listens PORT: true when something listens on PORT.
_listens() { ! port_is_free "$1"; }

# ---- the services ----

# ---- the search engine ----
# stack/up runs one of these engines (ENGINE), each a codelibs Runner that Maven resolves from
# stack/engines/ENGINE/pom.xml into stack/engines/ENGINE/classpath.txt (stack/install-deps), started
# node by node by the one launcher stack/engines/PebaEngine.java. What differs between the engines
# at start-up is in engine_use and _node_settings, nowhere else.
ENGINES=(os2 os3 es7)
ENGINES_DIR=$STACK_DIR/engines

# engine_use ENGINE: sets ENGINE, ENGINE_TITLE, ENGINE_RUNNER (the Runner class), ENGINE_JAVA_MIN
# (the oldest Java it runs on) and ENGINE_BOOTSTRAP_KEY (the setting naming the nodes that elect the
# first cluster manager: OpenSearch renamed "master" to "cluster_manager").
engine_use() {
    case $1 in
    os2)
        ENGINE_TITLE="OpenSearch 2.19" ENGINE_RUNNER=org.codelibs.opensearch.runner.OpenSearchRunner
        ENGINE_JAVA_MIN=11 ENGINE_BOOTSTRAP_KEY=cluster.initial_cluster_manager_nodes
        ;;
    os3)
        ENGINE_TITLE="OpenSearch 3.8" ENGINE_RUNNER=org.codelibs.opensearch.runner.OpenSearchRunner
        ENGINE_JAVA_MIN=21 ENGINE_BOOTSTRAP_KEY=cluster.initial_cluster_manager_nodes
        ;;
    es7)
        ENGINE_TITLE="Elasticsearch 7.10.2" ENGINE_RUNNER=org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner
        ENGINE_JAVA_MIN=11 ENGINE_BOOTSTRAP_KEY=cluster.initial_master_nodes
        ;;
    *) stack_err "ENGINE='$1' is none of: ${ENGINES[*]}"; return ;;
    esac
    ENGINE=$1
}

# _java_major JAVA: the major version of the JDK or JRE that JAVA (a bin/java) belongs to, from its
# release file (running java -version costs a tenth of a second).
_java_major() {
    local home
    home=$(dirname "$(dirname "$(readlink -f "$1")")")
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null
}

# engine_java MIN: prints a java of major version MIN or later: JAVA_HOME's or the default one when
# it is recent enough, else the oldest that is under /usr/lib/jvm (Debian 12's default is 17;
# OpenSearch 3 needs 21, e.g. Temurin 25 beside it).
engine_java() {
    local min=$1 java v best="" best_v=""
    for java in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java)"; do
        [[ -x $java ]] || continue
        v=$(_java_major "$java")
        if [[ -n $v ]] && ((v >= min)); then
            printf '%s\n' "$java"
            return 0
        fi
    done
    for java in /usr/lib/jvm/*/bin/java; do
        [[ -x $java ]] || continue
        v=$(_java_major "$java")
        if [[ -n $v ]] && ((v >= min)) && [[ -z $best_v || $v -lt $best_v ]]; then best=$java best_v=$v; fi
    done
    [[ -n $best ]] || stack_err "no Java $min or later (JAVA_HOME, java on PATH, /usr/lib/jvm/*) for $ENGINE_TITLE" || return 1
    printf '%s\n' "$best"
}

# _engine_cmd: ENGINE_CMD, the command that starts a node of ENGINE (engine_use first), up to the
# launcher's own arguments: the engine's Java, ES_JAVA_OPTS, the classpath, the Runner class.
_engine_cmd() {
    local cp_file=$ENGINES_DIR/$ENGINE/classpath.txt cp jar java
    local classes=$ENGINES_DIR/classes
    [[ -s $cp_file ]] || stack_err "$cp_file missing: run stack/install-deps" || return 1
    [[ -f $classes/PebaEngine.class ]] || stack_err "$classes/PebaEngine.class missing: run stack/install-deps" || return 1
    cp=$(<"$cp_file")
    local -a jars
    IFS=: read -r -a jars <<<"$cp"
    for jar in "${jars[@]}"; do
        [[ -f $jar ]] || stack_err "$jar (from $cp_file) missing: run stack/install-deps" || return 1
    done
    java=$(engine_java "$ENGINE_JAVA_MIN") || return 1
    # shellcheck disable=SC2206 # ES_JAVA_OPTS is a word list on purpose
    ENGINE_CMD=("$java" ${ES_JAVA_OPTS:--Xmx1g} -cp "$classes:$cp" PebaEngine "$ENGINE_RUNNER")
}

# _node_settings I: the launcher's KEY=VALUE settings of node I of the cluster that RUNDIR/engine.env
# describes (sourced by the caller), in the caller's `settings`.
_node_settings() {
    local i=$1 n=${#ENGINE_HTTP_PORTS[@]} j seeds="" names=""
    # loopback only; the disk watermarks off (a nearly full build disk must not turn indices
    # read-only); the tests delete indices by pattern
    settings=("transport.port=${ENGINE_TRANSPORT_PORTS[i - 1]}" network.host=127.0.0.1 "node.name=node-$i"
        cluster.routing.allocation.disk.threshold_enabled=false action.destructive_requires_name=false)
    if ((n == 1)); then
        # a real single node: no discovery pings to other local clusters
        settings+=(discovery.type=single-node)
        return 0
    fi
    for ((j = 0; j < n; j++)); do
        seeds+=${seeds:+,}127.0.0.1:${ENGINE_TRANSPORT_PORTS[j]}
        names+=${names:+,}node-$((j + 1))
    done
    # zen: the engines' own discovery (the Runners would make a lone node single-node). A node that
    # stops answering (paused, not dead: its connections stay open) holds every search and write
    # that needs a shard copy on it until the cluster drops it: after about 4 s with these checks
    # instead of about 30 s with the defaults (docs/deployment.md).
    settings+=(discovery.type=zen "discovery.seed_hosts=$seeds" "$ENGINE_BOOTSTRAP_KEY=$names")
    for check in leader_check follower_check; do
        settings+=("cluster.fault_detection.$check.timeout=1s" "cluster.fault_detection.$check.retry_count=2")
    done
}

# engine_configure RUNDIR ENGINE HTTP_PORTS TRANSPORT_PORTS: writes RUNDIR/engine.env, the cluster
# that launch_node starts node by node: the engine, ES_JAVA_OPTS, and the nodes' ports (one node per
# pair of ports, given as space-separated lists).
engine_configure() {
    local rundir=$1
    engine_use "$2" || return 1
    {
        printf 'ENGINE=%q\n' "$2"
        printf 'ES_JAVA_OPTS=%q\n' "${ES_JAVA_OPTS:-}"
        printf 'ENGINE_HTTP_PORTS=(%s)\n' "$3"
        printf 'ENGINE_TRANSPORT_PORTS=(%s)\n' "$4"
    } >"$rundir/engine.env"
}

# launch_node RUNDIR I: starts node I (1, 2, ...) of RUNDIR's cluster (engine_configure) with an
# empty data directory RUNDIR/node-I (daemon RUNDIR/node-I), and returns at once: it boots while
# the rest starts. Its HTTP port is the I-th of the cluster's.
launch_node() {
    local rundir=$1 i=$2 ENGINE ES_JAVA_OPTS
    local -a ENGINE_HTTP_PORTS ENGINE_TRANSPORT_PORTS settings ENGINE_CMD
    # shellcheck source=/dev/null
    source "$rundir/engine.env" || return 1
    engine_use "$ENGINE" && _engine_cmd && _node_settings "$i" || return 1
    rm -rf "$rundir/node-$i"
    mkdir -p "$rundir/node-$i" || return 1
    daemon_start "$rundir/node-$i" "${ENGINE_CMD[@]}" "$rundir/node-$i" "${ENGINE_HTTP_PORTS[i - 1]}" \
        "peba-test-${ENGINE_HTTP_PORTS[0]}" "${settings[@]}"
}

# engine_nodes RUNDIR: the number of nodes of RUNDIR's cluster.
engine_nodes() (
    # shellcheck source=/dev/null
    source "$1/engine.env" && printf '%s\n' "${#ENGINE_HTTP_PORTS[@]}"
)

# wait_engine RUNDIR [SECONDS]: waits until node 1 reports every node of the cluster joined and
# the cluster health yellow or green (default 90 s).
wait_engine() {
    local rundir=$1 secs=${2:-90} n port i
    n=$(engine_nodes "$rundir") || return 1
    port=$(source "$rundir/engine.env" && printf '%s\n' "${ENGINE_HTTP_PORTS[0]}")
    wait_for "$secs" "$(<"$rundir/node-1.pid")" curl -sf -o /dev/null --max-time 3 \
        "http://127.0.0.1:$port/_cluster/health?wait_for_status=yellow&wait_for_nodes=$n&timeout=1s" && return 0
    for ((i = 1; i <= n; i++)); do _log_tail "$rundir/node-$i.log" 20; done
    stack_err "the $n-node cluster of port $port did not form or was not healthy within ${secs}s"
}

# start_memcached RUNDIR PORT [NAME]: memcached on 127.0.0.1:PORT (TCP only; daemon RUNDIR/NAME,
# default memcached: a second server of a pool is another NAME, such as memcached-2).
start_memcached() {
    local rundir=$1 port=$2 name=${3:-memcached} args
    args=(-l 127.0.0.1 -p "$port" -U 0 -m "${MC_MEMORY_MB:-64}" -c 1024 -t 2)
    if ((EUID == 0)); then args+=(-u root); fi
    daemon_start "$rundir/$name" memcached "${args[@]}" || return 1
    if ! wait_for 10 "$(<"$rundir/$name.pid")" _listens "$port"; then
        _log_tail "$rundir/$name.log"
        stack_err "$name did not listen on 127.0.0.1:$port"
        return 1
    fi
}

# socket_path RUNDIR: RUNDIR/peba.sock, or a /tmp/peba-N.sock when RUNDIR is too long for sun_path (108 bytes).
socket_path() {
    local socket=$1/peba.sock
    if ((${#socket} >= 100)); then socket=/tmp/peba-$(cksum <<<"$1" | cut -d' ' -f1).sock; fi
    printf '%s\n' "$socket"
}

# start_workers RUNDIR SOCKET CONFIG N BINARY: N FastCGI workers `BINARY --config CONFIG` sharing
# the unix socket SOCKET (mode 0666 so nginx workers of any user can connect), supervised as
# docs/deployment.md runs them in production: a worker that dies is replaced at once. Daemon
# RUNDIR/workers is the supervisor, the workers are its children (worker_pids); their stderr goes
# to RUNDIR/workers.log. Returns once all N are up. WORKERS_MODE picks the supervisor:
#   multiwatch (default)  spawn-fcgi opens the socket and becomes Debian's multiwatch, which forks
#                         the workers on it (the socket on fd 0) and stops them with SIGTERM
#   pool                  peba-fcgi's own prefork master, which opens the socket (`--listen`)
#   socket                spawn-fcgi opens the socket and becomes peba-fcgi's master on it
#                         (`--workers`, the socket on fd 0), as systemd's peba.socket runs peba.service
# PEBA_WRAPPER: words that run each worker (the master in pool and socket mode) under a tool, e.g.
# "valgrind --leak-check=full --error-exitcode=99 --log-file=RUNDIR/valgrind-%p.log".
start_workers() {
    local rundir=$1 socket=$2 config=$3 n=$4 binary=$5 mode=${WORKERS_MODE:-multiwatch} exe master
    local -a wrapper
    read -r -a wrapper <<<"${PEBA_WRAPPER:-}"
    [[ $n =~ ^[1-9][0-9]*$ ]] || stack_err "start_workers: worker count '$n' is not a positive integer" || return 1
    [[ -x $binary && ! -d $binary ]] || stack_err "FastCGI binary '$binary' is not executable" || return 1
    [[ -f $config ]] || stack_err "config '$config' missing" || return 1
    ((${#socket} < 100)) || stack_err "socket path too long for a unix socket: $socket" || return 1
    # the daemons run in RUNDIR; multiwatch execs its program without a PATH search
    binary=$(readlink -f "$binary") config=$(readlink -f "$config")
    exe=$binary
    if ((${#wrapper[@]} > 0)); then
        exe=""
        wrapper[0]=$(command -v "${wrapper[0]}") || stack_err "PEBA_WRAPPER: no program ${wrapper[0]}" || return 1
    fi
    printf '%s\n' "$socket" >"$rundir/workers.socket"
    case $mode in
    multiwatch)
        DAEMON_EXE=$(readlink -f "$(command -v multiwatch)") daemon_start "$rundir/workers" \
            spawn-fcgi -n -s "$socket" -M 0666 -- "$(command -v multiwatch)" -f "$n" -s TERM -- \
            "${wrapper[@]}" "$binary" --config "$config" || return 1
        ;;
    pool)
        DAEMON_EXE=$exe daemon_start "$rundir/workers" "${wrapper[@]}" "$binary" --config "$config" \
            --listen "unix:$socket" --workers "$n" --socket-mode 0666 || return 1
        ;;
    socket)
        DAEMON_EXE=$exe daemon_start "$rundir/workers" spawn-fcgi -n -s "$socket" -M 0666 -- \
            "${wrapper[@]}" "$binary" --config "$config" --workers "$n" || return 1
        ;;
    *) stack_err "WORKERS_MODE='$mode' is none of multiwatch, pool, socket"; return ;;
    esac
    master=$(<"$rundir/workers.pid")
    if ! wait_for $((${#wrapper[@]} * 10 + 10)) "$master" _workers_up "$socket" "$n" "$master"; then
        _log_tail "$rundir/workers.log" 20
        stack_err "$n workers ($mode) did not start on $socket"
        return 1
    fi
}

# _live_children PID: PID's child processes that have not ended, one per line.
_live_children() {
    local pid
    for pid in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
        if _alive "$pid"; then printf '%s\n' "$pid"; fi
    done
}

# _workers_up SOCKET N MASTER: true when SOCKET exists and MASTER has N live children.
_workers_up() {
    [[ -S $1 ]] && (($(_live_children "$3" | wc -l) == $2))
}

# worker_pids RUNDIR: the pids of the workers that run under RUNDIR's supervisor, one per line.
worker_pids() {
    local master
    master=$(daemon_pids "$1/workers") || return 0
    if [[ -n $master ]]; then _live_children "$master"; fi
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

# start_nginx RUNDIR HTTP_PORT HTTPS_PORT SOCKETS [TEMPLATE]: renders TEMPLATE (default
# stack/nginx.conf.in, or $NGINX_TEMPLATE) to RUNDIR/nginx.conf with logs and temp paths inside
# RUNDIR and a self-signed cert in RUNDIR/tls, and starts nginx (daemon RUNDIR/nginx: its master).
# SOCKETS: the workers' unix socket, or several separated by spaces (worker pools behind one
# upstream: the template's @UPSTREAM_SERVERS@ gets one `server unix:...;` line each; @SOCKET@ is
# the first socket, for templates with an upstream of their own).
start_nginx() {
    local rundir=$1 http=$2 https=$3 sockets=$4 socket servers=""
    local template=${5:-${NGINX_TEMPLATE:-$STACK_DIR/nginx.conf.in}} user_line="" pid
    make_cert "$rundir/tls" || return 1
    mkdir -p "$rundir/nginx-tmp" || return 1
    # nginx's cache of peba's answers starts empty, as memcached and the engine do
    rm -rf "$rundir/nginx-cache"
    if ((EUID == 0)); then user_line="user root;"; fi
    for socket in $sockets; do
        servers+="${servers:+$'\n        '}server unix:$socket;"
    done
    [[ -n $servers ]] || stack_err "start_nginx: no worker socket given" || return 1
    render_template "$template" "$rundir/nginx.conf" \
        "RUNDIR=$rundir" "REPO=$REPO_DIR" "HTTP_PORT=$http" "HTTPS_PORT=$https" \
        "UPSTREAM_SERVERS=$servers" "SOCKET=${sockets%% *}" "USER_LINE=$user_line" || return 1
    daemon_start "$rundir/nginx" nginx -e "$rundir/nginx-error.log" -p "$rundir/" -c "$rundir/nginx.conf" || return 1
    pid=$(<"$rundir/nginx.pid")
    if ! wait_for 10 "$pid" _listens "$http" || ! wait_for 10 "$pid" _listens "$https"; then
        _log_tail "$rundir/nginx.log" 20
        _log_tail "$rundir/nginx-error.log" 20
        stack_err "nginx did not listen on ports $http/$https"
        return 1
    fi
}

# stack_running RUNDIR: true when a daemon with a pid file in RUNDIR runs.
stack_running() {
    local pidfile
    for pidfile in "$1"/*.pid; do
        if [[ -f $pidfile && -n $(daemon_pids "${pidfile%.pid}") ]]; then return 0; fi
    done
    return 1
}

# stop_stack RUNDIR: stops every daemon with a pid file in RUNDIR, all at once, and removes the
# workers' socket and RUNDIR/env. Never fails; a second call finds nothing to do.
stop_stack() {
    local rundir=$1 pidfile socket=""
    local -a jobs=()
    [[ -d $rundir ]] || return 0
    for pidfile in "$rundir"/*.pid; do
        [[ -f $pidfile ]] || continue
        daemon_stop "${pidfile%.pid}" &
        jobs+=($!)
    done
    if ((${#jobs[@]} > 0)); then wait "${jobs[@]}" || true; fi
    if [[ -f $rundir/workers.socket ]]; then socket=$(<"$rundir/workers.socket"); fi
    if [[ -n $socket && -S $socket ]]; then rm -f "$socket"; fi
    rm -f "$rundir/workers.socket" "$rundir/env"
    return 0
}
