/*
 * test_resilience.c: faults injected into the running stack, most of them under load from this
 * test: memcached stopped and restarted, a worker of peba's own pool killed, broken configurations,
 * a memcached that is not there at start-up. docs/reliability.md ("Fault injection") lists them.
 * Second worker sets beside the stack come from stack/variant (pool mode, another config).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libmemcached/memcached.h>

#include "harness.h"

#define JSON "application/json"
#define LOAD_PARALLEL 4        /* requests in flight at once */
#define FAILURES_KEPT 8
#define MAX_CHILDREN 16
#define LOST_IN_FLIGHT_MAX 2   /* a killed worker takes at most its request in flight with it */
#define RESPAWN_MAX_S 3.0      /* the pool waits 1 s before a second respawn in the same second */

/* Cached public answers, the mix each load rotates through. */
static const char *const cached_paths[] = {
    "/alert/retrieveAlertsCount?time=10&out=json",
    "/alert/retrieveAlertsCount?time=day",
    "/alert/retrieveAlertsCountWithType?time=60",
    "/alert/retrieveAlertStats",
    "/alert/retrieveAlertsJson",
    "/alert/datasetAlertsPerMonth",
    "/alert/topCountriesAttacks",
    "/alert/tops?type=urls",
};
#define CACHED_PATHS (sizeof cached_paths / sizeof cached_paths[0])

/* ---- small helpers ---- */

/* Runs the /bin/sh command printf(fmt, ...); fails the test unless it exits 0. */
static void run_cmd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void run_cmd(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    int rc;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    rc = system(cmd);
    ck_assert_msg(rc == 0, "%s: exit status %d", cmd, rc);
}

static void sleep_s(double seconds)
{
    usleep((useconds_t)(seconds * 1e6));
}

static void rundir_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", harness_env("RUNDIR"), name);
}

/* The whole file as a string (free()), "" when it cannot be read. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    char chunk[4096];
    size_t n;

    ck_assert_msg(mem != NULL, "out of memory");
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, mem);
    if (f)
        fclose(f);
    fclose(mem);
    return text;
}

/* Lines of text after byte offset `from` that contain every one of the (NULL-ended) words. */
static int count_lines(const char *text, size_t from, ...)
{
    int count = 0;

    for (const char *line = text + from; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        bool all = true;
        const char *word;
        va_list ap;

        va_start(ap, from);
        while (all && (word = va_arg(ap, const char *))) {
            const char *hit = strstr(line, word);

            all = hit && hit < line + len;
        }
        va_end(ap);
        count += all;
        line += len + (end != NULL);
    }
    return count;
}

static size_t file_size(const char *path)
{
    char *text = read_text(path);
    size_t n = strlen(text);

    free(text);
    return n;
}

/* The child processes of pid (the workers of a pool master); returns how many. */
static size_t children_of(int pid, int *out, size_t max)
{
    char path[64];
    FILE *f;
    size_t n = 0;

    snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, pid);
    if (!(f = fopen(path, "r")))
        return 0;
    while (n < max && fscanf(f, "%d", &out[n]) == 1)
        n++;
    fclose(f);
    return n;
}

/* Processes whose command line mentions text (a variant's socket): none may outlive its stop. */
static int processes_naming(const char *text)
{
    DIR *proc = opendir("/proc");
    struct dirent *e;
    int found = 0;

    ck_assert(proc != NULL);
    while ((e = readdir(proc))) {
        char path[300], cmdline[4096];
        FILE *f;
        size_t n;

        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        if (!(f = fopen(path, "r")))
            continue;
        n = fread(cmdline, 1, sizeof cmdline - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++)
            if (cmdline[i] == '\0')
                cmdline[i] = ' ';
        cmdline[n] = '\0';
        found += strstr(cmdline, text) != NULL;
    }
    closedir(proc);
    return found;
}

/* ---- load: LOAD_PARALLEL requests at a time, from a thread of its own with its own curl handles ---- */

struct load {
    char base[256];
    const char *const *paths;
    size_t npaths, next;
    atomic_bool stop;
    pthread_t thread;
    /* read after load_stop() */
    unsigned long sent, ok, failed;
    double slowest;
    char failures[FAILURES_KEPT][200];
};

static size_t discard(char *data, size_t size, size_t nmemb, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * nmemb;
}

static void load_send(struct load *l, CURLM *multi, CURL *easy)
{
    char url[1024];

    snprintf(url, sizeof url, "%s%s", l->base, l->paths[l->next++ % l->npaths]);
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, l->paths[(l->next - 1) % l->npaths]);
    curl_multi_add_handle(multi, easy);
    l->sent++;
}

static void load_count(struct load *l, CURL *easy, CURLcode rc)
{
    long status = 0;
    double seconds = 0;
    const char *path = "";

    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &seconds);
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &path);
    if (seconds > l->slowest)
        l->slowest = seconds;
    if (rc == CURLE_OK && status == 200) {
        l->ok++;
        return;
    }
    if (l->failed < FAILURES_KEPT && rc != CURLE_OK)
        snprintf(l->failures[l->failed], sizeof l->failures[0], "%s: %s", path, curl_easy_strerror(rc));
    else if (l->failed < FAILURES_KEPT)
        snprintf(l->failures[l->failed], sizeof l->failures[0], "%s: HTTP %ld", path, status);
    l->failed++;
}

static void *load_run(void *arg)
{
    struct load *l = arg;
    CURLM *multi = curl_multi_init();
    CURL *easy[LOAD_PARALLEL];
    int running = 0;

    for (int i = 0; i < LOAD_PARALLEL; i++)
        load_send(l, multi, easy[i] = curl_easy_init());
    do {
        CURLMsg *msg;
        int left;

        curl_multi_perform(multi, &running);
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            load_count(l, msg->easy_handle, msg->data.result);
            curl_multi_remove_handle(multi, msg->easy_handle);
            if (!atomic_load(&l->stop))
                load_send(l, multi, msg->easy_handle);
        }
        curl_multi_poll(multi, NULL, 0, 50, NULL);
    } while (running > 0 || !atomic_load(&l->stop));
    for (int i = 0; i < LOAD_PARALLEL; i++)
        curl_easy_cleanup(easy[i]);
    curl_multi_cleanup(multi);
    return NULL;
}

static void load_start(struct load *l, const char *base, const char *const *paths, size_t npaths)
{
    memset(l, 0, sizeof *l);
    snprintf(l->base, sizeof l->base, "%s", base);
    l->paths = paths;
    l->npaths = npaths;
    atomic_init(&l->stop, false);
    ck_assert(pthread_create(&l->thread, NULL, load_run, l) == 0);
}

/* Stops sending, waits for the answers in flight, reports. */
static void load_stop(struct load *l, const char *what)
{
    atomic_store(&l->stop, true);
    pthread_join(l->thread, NULL);
    fprintf(stderr, "%s: %lu requests, %lu answered 200, %lu failed, slowest %.3f s\n", what, l->sent, l->ok,
            l->failed, l->slowest);
    for (unsigned long i = 0; i < l->failed && i < FAILURES_KEPT; i++)
        fprintf(stderr, "  failed: %s\n", l->failures[i]);
}

/* ---- stack/variant: a second worker set and nginx beside the stack ---- */

static void variant_dir(char *out, size_t size, const char *name)
{
    char sub[64];

    snprintf(sub, sizeof sub, "variant-%s", name);
    rundir_path(out, size, sub);
}

/* A value of the running variant's env file (HTTP_URL, SOCKET, ...). */
static void variant_env(const char *name, const char *key, char *out, size_t size)
{
    char dir[512], env[1024];
    char *text, *save = NULL;
    size_t klen = strlen(key);
    bool found = false;

    variant_dir(dir, sizeof dir, name);
    snprintf(env, sizeof env, "%s/env", dir);
    text = read_text(env);
    for (char *line = strtok_r(text, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save)) {
        found = strncmp(line, key, klen) == 0 && line[klen] == '=';
        if (found)
            snprintf(out, size, "%s", line + klen + 1);
    }
    free(text);
    ck_assert_msg(found, "no %s in %s", key, env);
}

/* Starts variant `name` with settings ("WORKERS_MODE=pool WORKERS=2 ..."); its HTTP_URL goes to base. */
static void variant_up(const char *name, const char *settings, char *base, size_t size)
{
    char dir[512];

    variant_dir(dir, sizeof dir, name);
    /* the log of this run only */
    run_cmd("rm -f '%s/workers.log'", dir);
    run_cmd("%s PEBA_FCGI='%s' '%s/stack/variant' up '%s' '%s'", settings, getenv("PEBA_FCGI"),
            getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"), dir);
    variant_env(name, "HTTP_URL", base, size);
}

/* Stops variant `name`; its workers' log must hold no sanitizer report (leaks show at exit), as stack_down checks the stack's. */
static void variant_down(const char *name)
{
    char dir[512], log_path[1024];
    char *log;

    variant_dir(dir, sizeof dir, name);
    run_cmd("'%s/stack/variant' down '%s'", getenv("PEBA_SOURCE_DIR"), dir);
    snprintf(log_path, sizeof log_path, "%s/workers.log", dir);
    log = read_text(log_path);
    ck_assert_msg(!strstr(log, "Sanitizer") && !strstr(log, "runtime error:"), "%s:\n%s", log_path, log);
    free(log);
}

static int variant_master(const char *name)
{
    char dir[512], file[1024];
    int pid = 0;
    FILE *f;

    variant_dir(dir, sizeof dir, name);
    snprintf(file, sizeof file, "%s/workers.pid", dir);
    f = fopen(file, "r");
    ck_assert_msg(f && fscanf(f, "%d", &pid) == 1, "no pid in %s", file);
    fclose(f);
    return pid;
}

static void variant_file(char *out, size_t size, const char *name, const char *file)
{
    char dir[512];

    variant_dir(dir, sizeof dir, name);
    snprintf(out, size, "%s/%s", dir, file);
}

/* A copy of the stack's configuration at path with `servers = ...` replaced (unless NULL) and extra appended. */
static void write_config(const char *path, const char *servers, const char *extra)
{
    char *text = read_text(harness_env("CONFIG"));
    FILE *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "cannot write %s", path);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (servers && strncmp(line, "servers", 7) == 0)
            fprintf(f, "servers = %s\n", servers);
        else
            fprintf(f, "%s\n", line);
    }
    fputs(extra ? extra : "", f);
    fclose(f);
    free(text);
}

static const char *const variants[] = {"pool", "reload", "nomc"};

/* Whatever a failed test left: no variant running, the stack's memcached up. */
static void restore(void)
{
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        variant_down(variants[i]);
    run_cmd("'%s/stack/mc-ctl' '%s' start", getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"));
}

static void load_fixture(void)
{
    LOAD_ALERTS({.age = 30}, {.age = 90, .peer_type = "SSH/console(cowrie)"}, {.age = 400, .private_domain = true},
                {.age = 4000, .peer_type = "Network(honeytrap)", .country = "CN", .country_name = "China"});
}

/* ---- memcached ---- */

/* A counter of the stack's memcached (`total_items`: items stored since it started). */
static unsigned long long memcached_stat_value(const char *name)
{
    memcached_st *mc = memcached_create(NULL);
    memcached_server_st *servers = memcached_servers_parse(harness_config()->memcached_servers);
    memcached_return_t rc = MEMCACHED_FAILURE;
    memcached_stat_st *stats = NULL;
    unsigned long long value = 0;
    char *text = NULL;

    if (mc && servers && memcached_server_push(mc, servers) == MEMCACHED_SUCCESS)
        stats = memcached_stat(mc, NULL, &rc);
    if (stats && rc == MEMCACHED_SUCCESS)
        text = memcached_stat_get_value(mc, stats, name, &rc);
    ck_assert_msg(text != NULL, "memcached stat %s: %s", name, memcached_strerror(mc, rc));
    value = strtoull(text, NULL, 10);
    free(text);
    memcached_stat_free(mc, stats);
    memcached_server_list_free(servers);
    memcached_free(mc);
    return value;
}

/*
 * New answers are stored in the restarted memcached and served from the cache again: of two equal
 * requests only the first searches.
 */
static void expect_caching_resumes(void)
{
    double start = harness_clock();
    unsigned long long stored = memcached_stat_value("total_items");
    int hits_in_a_row = 0;

    for (int i = 0; hits_in_a_row < 4 || memcached_stat_value("total_items") <= stored; i++) {
        char path[96];
        long long before, missed, after;

        snprintf(path, sizeof path, "/alert/retrieveAlertsCount?time=%d&out=json", 1000 + i);
        before = es_search_total();
        http_get_expect(path, 200, JSON, NULL);
        missed = es_search_total();
        harness_empty_nginx_cache(); /* the second request must reach memcached */
        http_get_expect(path, 200, JSON, NULL);
        after = es_search_total();
        ck_assert_msg(missed > before, "%s: the first request did not reach the engine", path);
        hits_in_a_row = after == missed ? hits_in_a_row + 1 : 0;
        ck_assert_msg(harness_clock() - start < 15.0, "caching did not resume within 15 s of the restart");
        if (!hits_in_a_row)
            sleep_s(0.25);
    }
    fprintf(stderr, "caching resumed: 4 cache hits in a row and %llu items stored %.2f s after the load ended\n",
            memcached_stat_value("total_items"), harness_clock() - start);
}

START_TEST(memcached_restart_under_load)
{
    char log_path[4096];
    size_t log_start;
    struct load l;
    char *log;
    int down, back;

    rundir_path(log_path, sizeof log_path, "workers.log");
    log_start = file_size(log_path);
    load_start(&l, harness_env("HTTP_URL"), cached_paths, CACHED_PATHS);
    sleep_s(1.0);
    run_cmd("'%s/stack/mc-ctl' '%s' stop", getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"));
    sleep_s(2.0);
    run_cmd("'%s/stack/mc-ctl' '%s' start", getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"));
    sleep_s(2.0);
    load_stop(&l, "memcached stopped for 2 s under load");
    ck_assert_msg(l.failed == 0, "%lu of %lu requests failed while memcached was away", l.failed, l.sent);
    ck_assert_msg(l.ok > 100, "only %lu requests in 5 s", l.ok);
    expect_caching_resumes();
    /*
     * A line when memcached goes, one when it is back, per worker: no flood. memcached may answer
     * once more while it shuts down, so a stop can count as two outages.
     */
    log = read_text(log_path);
    down = count_lines(log, log_start, "memcached:", "serving uncached", (char *)NULL);
    back = count_lines(log, log_start, "memcached:", "caching resumed", (char *)NULL);
    fprintf(stderr, "workers.log: %d 'serving uncached' and %d 'caching resumed' lines\n", down, back);
    ck_assert_int_ge(down, 1);
    ck_assert_int_le(down, 2 * atoi(harness_env("WORKERS")));
    ck_assert_int_eq(back, down);
    free(log);
}
END_TEST

/* A closed port: bound for a moment by us, so nobody else had it. */
static int closed_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    ck_assert(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    close(fd);
    return ntohs(a.sin_port);
}

START_TEST(unreachable_memcached_at_start_serves_uncached)
{
    char config[4096], servers[64], base[256], log_path[4096];
    double start;
    int requests = 0, lines;
    struct http_reply r, direct;
    char *log;

    rundir_path(config, sizeof config, "nomc.ini");
    snprintf(servers, sizeof servers, "127.0.0.1:%d", closed_port());
    write_config(config, servers, NULL);
    {
        char settings[4200];

        snprintf(settings, sizeof settings, "WORKERS=1 CONFIG='%s'", config);
        variant_up("nomc", settings, base, sizeof base);
    }
    /* past libmemcached's 2 s retry timeout, so the dead server is tried again */
    harness_flush_cache();
    for (start = harness_clock(); requests < 300 || harness_clock() - start < 3.0; requests++) {
        const char *path = cached_paths[requests % CACHED_PATHS];

        http_request("GET", base, path, NULL, NULL, 0, &r);
        ck_assert_msg(r.status == 200, "%s without memcached: %ld %s", path, r.status, r.body);
        if ((size_t)requests < CACHED_PATHS && strstr(path, "retrieveAlertsJson") == NULL) {
            /* the same answer as the stack with its cache (the ticker's order of equal times may differ) */
            http_get(path, &direct);
            ck_assert_msg(strcmp(r.body, direct.body) == 0, "%s:\n%s\nwith memcached:\n%s", path, r.body, direct.body);
            http_reply_free(&direct);
        }
        http_reply_free(&r);
    }
    fprintf(stderr, "%d requests in %.2f s without memcached\n", requests, harness_clock() - start);
    http_request("GET", base, "/alert/heartbeat", NULL, NULL, 0, &r);
    ck_assert_msg(r.status == 200 && strstr(r.body, "\"memcached\":{\"error\":"), "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\"status\":\"down\"},\"status\":\"ok\""));
    http_reply_free(&r);
    variant_file(log_path, sizeof log_path, "nomc", "workers.log");
    log = read_text(log_path);
    lines = count_lines(log, 0, "memcached", (char *)NULL);
    ck_assert_msg(lines == 1, "%d lines name memcached, expected one:\n%s", lines, log);
    free(log);
    variant_down("nomc");
}
END_TEST

/* ---- the worker pool ---- */

START_TEST(pool_replaces_a_killed_worker_under_load)
{
    int before[MAX_CHILDREN], after[MAX_CHILDREN], master;
    char base[256], log_path[4096], line[128];
    size_t n = 0;
    double start;
    struct load l;
    char *log;

    variant_up("pool", "WORKERS_MODE=pool WORKERS=2", base, sizeof base);
    master = variant_master("pool");
    /* the pool waits a second before replacing a worker in the second it last started some */
    sleep_s(1.2);
    ck_assert_uint_eq(children_of(master, before, MAX_CHILDREN), 2);
    load_start(&l, base, cached_paths, CACHED_PATHS);
    sleep_s(1.0);
    ck_assert_int_eq(kill(before[0], SIGKILL), 0);
    sleep_s(2.0);
    load_stop(&l, "a pool worker killed under load");
    ck_assert_msg(l.failed <= LOST_IN_FLIGHT_MAX, "%lu requests failed, at most %d were in the killed worker",
                  l.failed, LOST_IN_FLIGHT_MAX);
    for (start = harness_clock(); (n = children_of(master, after, MAX_CHILDREN)) != 2;) {
        ck_assert_msg(harness_clock() - start < RESPAWN_MAX_S, "the pool has %zu workers", n);
        sleep_s(0.05);
    }
    ck_assert_msg(after[0] != before[0] && after[1] != before[0], "worker %d still listed", before[0]);
    variant_file(log_path, sizeof log_path, "pool", "workers.log");
    log = read_text(log_path);
    snprintf(line, sizeof line, "worker %d ended (signal 9); replacing it", before[0]);
    ck_assert_msg(strstr(log, line), "no '%s' in\n%s", line, log);
    free(log);
    /* and the pool is whole again */
    load_start(&l, base, cached_paths, CACHED_PATHS);
    sleep_s(1.0);
    load_stop(&l, "after the replacement");
    ck_assert_uint_eq(l.failed, 0);
    variant_down("pool");
}
END_TEST

/* A stop that reaches a worker the pool has just forked ends it (it used to be swallowed). */
START_TEST(pool_stops_at_once_right_after_a_replacement)
{
    int workers[MAX_CHILDREN], master;
    char base[256], socket[4096];
    double start, took;

    variant_up("pool", "WORKERS_MODE=pool WORKERS=2", base, sizeof base);
    variant_env("pool", "SOCKET", socket, sizeof socket);
    master = variant_master("pool");
    sleep_s(1.2);
    ck_assert_uint_eq(children_of(master, workers, MAX_CHILDREN), 2);
    /* the second death in the same second makes the pool wait before forking: the stop arrives then */
    kill(workers[0], SIGKILL);
    sleep_s(0.05);
    kill(workers[1], SIGKILL);
    sleep_s(0.1);
    start = harness_clock();
    variant_down("pool");
    took = harness_clock() - start;
    fprintf(stderr, "pool stopped in %.2f s\n", took);
    ck_assert_msg(took < 3.0, "stopping the pool took %.2f s", took);
    ck_assert_int_eq(processes_naming(socket), 0);
}
END_TEST

/* ---- configuration errors ---- */

/* Runs `peba-fcgi args` (its output to *out, free()); returns the exit status. */
static int run_fcgi(char **out, const char *args)
{
    char cmd[8192];
    size_t size = 0;
    FILE *p, *mem = open_memstream(out, &size);
    char chunk[1024];
    size_t n;
    int status;

    snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", getenv("PEBA_FCGI"), args);
    ck_assert((p = popen(cmd, "r")) != NULL && mem != NULL);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        fwrite(chunk, 1, n, mem);
    status = pclose(p);
    fclose(mem);
    fprintf(stderr, "peba-fcgi %s -> %d: %s", args, WEXITSTATUS(status), *out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const struct {
    const char *text;
    const char *where; /* ":LINE: [section] key" after the file name */
    const char *why;
} bad_configs[] = {
    {"[server]\ncors_origin = x\nmax_body_byte = 5\n", ":3: [server] max_body_byte", "unknown key"},
    {"[elasticsearch]\ntimeout_ms = soon\n", ":2: [elasticsearch] timeout_ms", "expected an integer from 100 to 600000"},
    {"[memcached]\nenabled = maybe\n", ":2: [memcached] enabled", "expected true or false"},
    {"[memcache]\nservers = x\n", ":1: [memcache]", "unknown section"},
    {"[elasticsearch]\nalert_index = EWS\n", ":2: [elasticsearch] alert_index", "not a valid index name"},
    {"[server]\nthis is not a pair\n", " (2)", "syntax error"},
};

START_TEST(config_errors_name_file_line_and_key)
{
    for (size_t i = 0; i < sizeof bad_configs / sizeof bad_configs[0]; i++) {
        char path[512], args[1400], where[1024];
        char *out;
        FILE *f;

        snprintf(path, sizeof path, "%s/bad-%zu.ini", harness_env("RUNDIR"), i);
        ck_assert((f = fopen(path, "w")) != NULL);
        fputs(bad_configs[i].text, f);
        fclose(f);
        snprintf(where, sizeof where, "%s%s", path, bad_configs[i].where);
        snprintf(args, sizeof args, "--check-config --config '%s'", path);
        ck_assert_int_eq(run_fcgi(&out, args), 1);
        ck_assert_msg(strstr(out, where) && strstr(out, bad_configs[i].why), "'%s' lacks '%s' or '%s'", out, where,
                      bad_configs[i].why);
        ck_assert_msg(count_lines(out, 0, "", (char *)NULL) == 1, "not one line: %s", out);
        free(out);
        /* the pool refuses to start on it at once, instead of forking workers that die */
        snprintf(args, sizeof args, "--config '%s' --listen unix:%s.sock --workers 2", path, path);
        ck_assert_int_eq(run_fcgi(&out, args), 1);
        ck_assert_msg(strstr(out, "not starting: ") && strstr(out, where), "%s", out);
        free(out);
    }
}
END_TEST

START_TEST(a_broken_reload_keeps_the_old_configuration)
{
    int before[MAX_CHILDREN], after[MAX_CHILDREN], master;
    char config[4096], settings[4200], base[256], log_path[4096], expected[4200];
    struct http_reply r;
    char *log;
    FILE *f;

    rundir_path(config, sizeof config, "reload.ini");
    write_config(config, NULL, NULL);
    snprintf(settings, sizeof settings, "WORKERS_MODE=pool WORKERS=2 CONFIG='%s'", config);
    variant_up("reload", settings, base, sizeof base);
    master = variant_master("reload");
    ck_assert_uint_eq(children_of(master, before, MAX_CHILDREN), 2);
    ck_assert((f = fopen(config, "a")) != NULL);
    fputs("[feeds]\nmax_alert = 10\n", f);
    fclose(f);
    ck_assert_int_eq(kill(master, SIGHUP), 0);
    sleep_s(0.5);
    for (int i = 0; i < 20; i++) {
        http_request("GET", base, cached_paths[i % CACHED_PATHS], NULL, NULL, 0, &r);
        ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
        http_reply_free(&r);
    }
    ck_assert_uint_eq(children_of(master, after, MAX_CHILDREN), 2);
    ck_assert_msg(memcmp(before, after, sizeof before[0] * 2) == 0, "workers were replaced");
    variant_file(log_path, sizeof log_path, "reload", "workers.log");
    log = read_text(log_path);
    snprintf(expected, sizeof expected, "not reloading: %s:", config);
    ck_assert_msg(strstr(log, expected) && strstr(log, "[feeds] max_alert: unknown key"), "%s", log);
    free(log);
    variant_down("reload");
}
END_TEST

static Suite *resilience_suite(void)
{
    Suite *s = suite_create("resilience");
    TCase *tc = harness_tcase("faults", load_fixture);

    tcase_add_checked_fixture(tc, restore, NULL);
    tcase_add_unchecked_fixture(tc, NULL, restore);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, memcached_restart_under_load);
    tcase_add_test(tc, unreachable_memcached_at_start_serves_uncached);
    tcase_add_test(tc, pool_replaces_a_killed_worker_under_load);
    tcase_add_test(tc, pool_stops_at_once_right_after_a_replacement);
    tcase_add_test(tc, config_errors_name_file_line_and_key);
    tcase_add_test(tc, a_broken_reload_keeps_the_old_configuration);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return harness_run(resilience_suite());
}
