/*
 * test_resilience.c: faults injected into the running stack, most of them under load from this
 * test: memcached stopped and restarted, a worker of peba's own pool killed, broken configurations,
 * a memcached that is not there at start-up. docs/reliability.md ("Fault injection") lists them.
 * Second worker sets beside the stack come from stack/variant (pool mode, another config).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "array_len.h"
#include "faults.h"
#include "harness.h"

#define LOAD_STEP 50   /* answers that show the load goes on through a phase of a test */
#define LOAD_WHOLE 200 /* answers that show every worker of a pool serves */
#define MAX_CHILDREN 16
#define LOST_IN_FLIGHT_MAX 2 /* a killed worker takes at most its request in flight with it */
#define RESPAWN_MAX_S 3.0    /* the pool holds back a worker that died within a second of its start */

/*
 * Public answers, the mix each load rotates through. The loads give each request a URL of its own:
 * nginx's cache would otherwise answer them all and the workers, whose faults these tests make,
 * would see next to nothing of the load.
 */
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
#define CACHED_PATHS ARRAY_LEN(cached_paths)

/* ---- small helpers ---- */

/* A pool master and a worker of it that was killed. */
struct replacement {
    int master, killed;
};

/* The pool has its two workers again, the killed one not among them. */
static bool worker_replaced(void *ctx)
{
    const struct replacement *r = ctx;
    int pids[MAX_CHILDREN];
    size_t n = harness_children(r->master, pids, MAX_CHILDREN);

    return n == 2 && pids[0] != r->killed && pids[1] != r->killed;
}

/* The pool has reaped the killed worker and waits before it forks the replacement: one worker left. */
static bool replacement_pending(void *ctx)
{
    const struct replacement *r = ctx;
    int pids[MAX_CHILDREN];
    size_t n = harness_children(r->master, pids, MAX_CHILDREN);

    return n == 1 && pids[0] != r->killed;
}

/* A file and a text it must come to hold. */
struct file_text {
    const char *path, *text;
};

static bool file_holds(void *ctx)
{
    const struct file_text *f = ctx;
    char *content = harness_read_file(f->path);
    bool found = strstr(content, f->text) != NULL;

    free(content);
    return found;
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

static const char *const variants[] = {"pool", "reload", "nomc"};

/* Whatever a failed test left: no variant running, the stack's memcached up. */
static void restore(void)
{
    for (size_t i = 0; i < ARRAY_LEN(variants); i++)
        harness_variant_down(variants[i]);
    mc_ctl("start", NULL, NULL, 0);
}

static void load_fixture(void)
{
    LOAD_ALERTS({.age = 30}, {.age = 90, .peer_type = "SSH/console(cowrie)"},
                {.age = 400, .private_domain = true},
                {.age = 4000, .peer_type = "Network(honeytrap)", .country = "CN", .country_name = "China"});
}

/* ---- memcached ---- */

/* Two equal requests in a row; caching has resumed once four such pairs in a row were each searched only once. */
struct caching {
    int pairs, hits_in_a_row;
    unsigned long long items; /* memcached's total_items when the load ended */
};

static bool caching_resumed(void *ctx)
{
    struct caching *c = ctx;
    char path[96];
    long long before, missed, after;

    snprintf(path, sizeof path, "/alert/retrieveAlertsCount?time=%d&out=json", 1000 + c->pairs++);
    before = es_search_total();
    http_get_expect(path, 200, HTTP_JSON, NULL);
    missed = es_search_total();
    harness_empty_nginx_cache(); /* the second request must reach memcached */
    http_get_expect(path, 200, HTTP_JSON, NULL);
    after = es_search_total();
    ck_assert_msg(missed > before, "%s: the first request did not reach the engine", path);
    c->hits_in_a_row = after == missed ? c->hits_in_a_row + 1 : 0;
    return c->hits_in_a_row >= 4 && mc_stat(harness_config()->memcached_servers, "total_items") > c->items;
}

/* New answers are stored in the restarted memcached and served from the cache again. */
static void expect_caching_resumes(void)
{
    struct caching c = {.items = mc_stat(harness_config()->memcached_servers, "total_items")};
    double took =
        harness_wait_until("caching resumed after the restart", FAULT_STATE_MAX_S, caching_resumed, &c);

    fprintf(stderr,
            "caching resumed: 4 cache hits in a row and %llu items stored %.2f s after the load ended\n",
            mc_stat(harness_config()->memcached_servers, "total_items"), took);
}

/* What the workers' log says about memcached from byte `from` on. */
struct memcached_log {
    char path[4096];
    size_t from;
    int down, back; /* "serving uncached" and "caching resumed" lines */
};

static void read_memcached_log(struct memcached_log *m)
{
    char *log = harness_read_file(m->path);

    m->down = count_lines(log, m->from, "memcached:", "serving uncached", (char *)NULL);
    m->back = count_lines(log, m->from, "memcached:", "caching resumed", (char *)NULL);
    free(log);
}

static bool memcached_missed(void *ctx)
{
    read_memcached_log(ctx);
    return ((struct memcached_log *)ctx)->down > 0;
}

/* Every worker that reported memcached gone has reported it back. */
static bool memcached_back_everywhere(void *ctx)
{
    read_memcached_log(ctx);
    return ((struct memcached_log *)ctx)->back == ((struct memcached_log *)ctx)->down;
}

START_TEST(memcached_restart_under_load)
{
    struct memcached_log m;
    struct load l;

    harness_rundir_path("workers.log", m.path, sizeof m.path);
    m.from = file_size(m.path);
    load_start(&l, harness_env("HTTP_URL"), cached_paths, CACHED_PATHS, true);
    wait_for_answers(&l, LOAD_STEP, "answers before memcached stops");
    mc_ctl("stop", NULL, NULL, 0);
    harness_wait_until("a worker serving uncached", FAULT_STATE_MAX_S, memcached_missed, &m);
    wait_for_answers(&l, LOAD_STEP, "answers while memcached is away");
    mc_ctl("start", NULL, NULL, 0);
    harness_wait_until("every worker caching again", FAULT_STATE_MAX_S, memcached_back_everywhere, &m);
    wait_for_answers(&l, LOAD_STEP, "answers after memcached is back");
    load_stop(&l, "memcached stopped and restarted under load");
    ck_assert_msg(atomic_load(&l.failed) == 0, "%lu of %lu requests failed while memcached was away",
                  atomic_load(&l.failed), atomic_load(&l.sent));
    expect_caching_resumes();
    /*
     * A line when memcached goes, one when it is back, per worker: no flood. memcached may answer
     * once more while it shuts down, so a stop can count as two outages.
     */
    read_memcached_log(&m);
    fprintf(stderr, "workers.log: %d 'serving uncached' and %d 'caching resumed' lines\n", m.down, m.back);
    ck_assert_int_ge(m.down, 1);
    ck_assert_int_le(m.down, 2 * atoi(harness_env("WORKERS")));
    ck_assert_int_eq(m.back, m.down);
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

    harness_rundir_path("nomc.ini", config, sizeof config);
    snprintf(servers, sizeof servers, "127.0.0.1:%d", closed_port());
    harness_write_config(config, "servers", servers, NULL);
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
            ck_assert_msg(strcmp(r.body, direct.body) == 0, "%s:\n%s\nwith memcached:\n%s", path, r.body,
                          direct.body);
            http_reply_free(&direct);
        }
        http_reply_free(&r);
    }
    fprintf(stderr, "%d requests in %.2f s without memcached\n", requests, harness_clock() - start);
    http_request("GET", base, "/alert/heartbeat", NULL, NULL, 0, &r);
    ck_assert_msg(r.status == 200 && strstr(r.body, "\"memcached\":{\"error\":"), "%s", r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\"status\":\"down\"},\"status\":\"ok\""));
    http_reply_free(&r);
    harness_variant_file("nomc", "workers.log", log_path, sizeof log_path);
    log = harness_read_file(log_path);
    lines = count_lines(log, 0, "memcached", (char *)NULL);
    ck_assert_msg(lines == 1, "%d lines name memcached, expected one:\n%s", lines, log);
    free(log);
    harness_variant_down("nomc");
}
END_TEST

/* ---- the worker pool ---- */

START_TEST(pool_replaces_a_killed_worker_under_load)
{
    int before[MAX_CHILDREN], after[MAX_CHILDREN], master;
    char base[256], log_path[4096], line[128];
    struct replacement killed;
    struct load l;
    char *log;

    variant_up("pool", "WORKERS_MODE=pool WORKERS=2", base, sizeof base);
    master = harness_variant_master("pool");
    /* a worker killed within a second of its start would be held back a second */
    harness_wait_children_older(master, 2, 1.0);
    ck_assert_uint_eq(harness_children(master, before, MAX_CHILDREN), 2);
    load_start(&l, base, cached_paths, CACHED_PATHS, true);
    wait_for_answers(&l, LOAD_STEP, "answers before the kill");
    ck_assert_int_eq(kill(before[0], SIGKILL), 0);
    killed = (struct replacement){master, before[0]};
    harness_wait_until("the pool replacing the killed worker", RESPAWN_MAX_S, worker_replaced, &killed);
    wait_for_answers(&l, LOAD_STEP, "answers after the replacement");
    load_stop(&l, "a pool worker killed under load");
    ck_assert_msg(atomic_load(&l.failed) <= LOST_IN_FLIGHT_MAX,
                  "%lu requests failed, at most %d were in the killed worker", atomic_load(&l.failed),
                  LOST_IN_FLIGHT_MAX);
    ck_assert_uint_eq(harness_children(master, after, MAX_CHILDREN), 2);
    ck_assert_msg(after[0] != before[0] && after[1] != before[0], "worker %d still listed", before[0]);
    harness_variant_file("pool", "workers.log", log_path, sizeof log_path);
    log = harness_read_file(log_path);
    snprintf(line, sizeof line, "worker %d ended (signal 9); replacing it", before[0]);
    ck_assert_msg(strstr(log, line), "no '%s' in\n%s", line, log);
    free(log);
    /* and the pool is whole again */
    load_start(&l, base, cached_paths, CACHED_PATHS, true);
    wait_for_answers(&l, LOAD_WHOLE, "answers of the whole pool");
    load_stop(&l, "after the replacement");
    ck_assert_uint_eq(atomic_load(&l.failed), 0);
    harness_variant_down("pool");
}
END_TEST

/* A stop that reaches a worker the pool has just forked ends it (it used to be swallowed). */
START_TEST(pool_stops_at_once_right_after_a_replacement)
{
    int workers[MAX_CHILDREN], now[MAX_CHILDREN], master;
    char base[256], socket[4096];
    struct replacement first, second;
    double start, took;

    variant_up("pool", "WORKERS_MODE=pool WORKERS=2", base, sizeof base);
    harness_variant_env("pool", "SOCKET", socket, sizeof socket);
    master = harness_variant_master("pool");
    harness_wait_children_older(master, 2, 1.0);
    ck_assert_uint_eq(harness_children(master, workers, MAX_CHILDREN), 2);
    /* the replacement killed at once died young: the pool waits a second before forking, and the stop comes then */
    first = (struct replacement){master, workers[0]};
    kill(workers[0], SIGKILL);
    harness_wait_until("the pool replacing the first killed worker", RESPAWN_MAX_S, worker_replaced, &first);
    ck_assert_uint_eq(harness_children(master, now, MAX_CHILDREN), 2);
    second = (struct replacement){master, now[0] == workers[1] ? now[1] : now[0]};
    kill(second.killed, SIGKILL);
    harness_wait_until("the pool waiting to replace the young one", 1.0, replacement_pending, &second);
    start = harness_clock();
    harness_variant_down("pool");
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
    int status = harness_capture(out, "'%s' %s", getenv("PEBA_FCGI"), args);

    fprintf(stderr, "peba-fcgi %s -> %d: %s", args, status, *out);
    return status;
}

static const struct {
    const char *text;
    const char *where; /* ":LINE: [section] key" after the file name */
    const char *why;
} bad_configs[] = {
    {"[server]\ncors_origin = x\nmax_body_byte = 5\n", ":3: [server] max_body_byte", "unknown key"},
    {"[elasticsearch]\ntimeout_ms = soon\n", ":2: [elasticsearch] timeout_ms",
     "expected an integer from 100 to 600000"},
    {"[memcached]\nenabled = maybe\n", ":2: [memcached] enabled", "expected true or false"},
    {"[memcache]\nservers = x\n", ":1: [memcache]", "unknown section"},
    {"[elasticsearch]\nalert_index = EWS\n", ":2: [elasticsearch] alert_index", "not a valid index name"},
    {"[server]\nthis is not a pair\n", " (2)", "syntax error"},
};

START_TEST(config_errors_name_file_line_and_key)
{
    for (size_t i = 0; i < ARRAY_LEN(bad_configs); i++) {
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
        ck_assert_msg(strstr(out, where) && strstr(out, bad_configs[i].why), "'%s' lacks '%s' or '%s'", out,
                      where, bad_configs[i].why);
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
    struct file_text refusal = {log_path, expected};
    struct http_reply r;
    char *log;
    FILE *f;

    harness_rundir_path("reload.ini", config, sizeof config);
    harness_write_config(config, NULL, NULL, NULL);
    snprintf(settings, sizeof settings, "WORKERS_MODE=pool WORKERS=2 CONFIG='%s'", config);
    variant_up("reload", settings, base, sizeof base);
    master = harness_variant_master("reload");
    ck_assert_uint_eq(harness_children(master, before, MAX_CHILDREN), 2);
    ck_assert((f = fopen(config, "a")) != NULL);
    fputs("[feeds]\nmax_alert = 10\n", f);
    fclose(f);
    harness_variant_file("reload", "workers.log", log_path, sizeof log_path);
    snprintf(expected, sizeof expected, "not reloading: %s:", config);
    ck_assert_int_eq(kill(master, SIGHUP), 0);
    harness_wait_until("the pool refusing the reload", FAULT_STATE_MAX_S, file_holds, &refusal);
    for (int i = 0; i < 20; i++) {
        http_request("GET", base, cached_paths[i % CACHED_PATHS], NULL, NULL, 0, &r);
        ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
        http_reply_free(&r);
    }
    ck_assert_uint_eq(harness_children(master, after, MAX_CHILDREN), 2);
    ck_assert_msg(memcmp(before, after, sizeof before[0] * 2) == 0, "workers were replaced");
    log = harness_read_file(log_path);
    ck_assert_msg(strstr(log, expected) && strstr(log, "[feeds] max_alert: unknown key"), "%s", log);
    free(log);
    harness_variant_down("reload");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("resilience");
    TCase *tc =
        HARNESS_CASE(s, "faults", load_fixture, memcached_restart_under_load,
                     unreachable_memcached_at_start_serves_uncached, pool_replaces_a_killed_worker_under_load,
                     pool_stops_at_once_right_after_a_replacement, config_errors_name_file_line_and_key,
                     a_broken_reload_keeps_the_old_configuration);

    tcase_add_checked_fixture(tc, restore, NULL);
    tcase_add_unchecked_fixture(tc, NULL, restore);
    tcase_set_timeout(tc, 120);
    return harness_run(s);
}
