/* faults.c: the load, the stack's variants and memcached servers, and log lines, for the fault tests (faults.h). */
#include "faults.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <libmemcached/memcached.h>

#include "harness.h"

/* ---- load ---- */

static size_t discard(char *data, size_t size, size_t nmemb, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * nmemb;
}

static void load_send(struct load *l, CURLM *multi, CURL *easy)
{
    const char *path = l->paths[l->next % l->npaths];
    char url[1024];

    if (l->unique)
        snprintf(url, sizeof url, "%s%s%sload=%zu", l->base, path, strchr(path, '?') ? "&" : "?", l->next);
    else
        snprintf(url, sizeof url, "%s%s", l->base, path);
    l->next++;
    curl_easy_reset(easy);
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, path);
    curl_multi_add_handle(multi, easy);
    atomic_fetch_add(&l->sent, 1);
}

static void load_count(struct load *l, CURL *easy, CURLcode rc)
{
    long status = 0;
    double seconds = 0;
    const char *path = "";
    unsigned long failed = atomic_load(&l->failed);

    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME, &seconds);
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &path);
    if (seconds > l->slowest)
        l->slowest = seconds;
    if (rc == CURLE_OK && status == 200) {
        atomic_fetch_add(&l->ok, 1);
        return;
    }
    if (failed < LOAD_FAILURES_KEPT && rc != CURLE_OK)
        snprintf(l->failures[failed], sizeof l->failures[0], "%s: %s", path, curl_easy_strerror(rc));
    else if (failed < LOAD_FAILURES_KEPT)
        snprintf(l->failures[failed], sizeof l->failures[0], "%s: HTTP %ld", path, status);
    atomic_fetch_add(&l->failed, 1);
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

void load_start(struct load *l, const char *base, const char *const *paths, size_t npaths, bool unique)
{
    memset(l, 0, sizeof *l);
    snprintf(l->base, sizeof l->base, "%s", base);
    l->paths = paths;
    l->npaths = npaths;
    l->unique = unique;
    atomic_init(&l->stop, false);
    atomic_init(&l->sent, 0);
    atomic_init(&l->ok, 0);
    atomic_init(&l->failed, 0);
    ck_assert(pthread_create(&l->thread, NULL, load_run, l) == 0);
}

/* A load and the count of answers it must reach. */
struct answers {
    struct load *load;
    unsigned long target;
};

static bool answered(void *ctx)
{
    const struct answers *a = ctx;

    return atomic_load(&a->load->ok) >= a->target;
}

void wait_for_answers(struct load *l, unsigned long n, const char *what)
{
    struct answers a = {l, atomic_load(&l->ok) + n};

    harness_wait_until(what, FAULT_STATE_MAX_S, answered, &a);
}

void load_stop(struct load *l, const char *what)
{
    atomic_store(&l->stop, true);
    pthread_join(l->thread, NULL);
    fprintf(stderr, "%s: %lu requests, %lu answered 200, %lu failed, slowest %.3f s\n", what,
            atomic_load(&l->sent), atomic_load(&l->ok), atomic_load(&l->failed), l->slowest);
    for (unsigned long i = 0; i < atomic_load(&l->failed) && i < LOAD_FAILURES_KEPT; i++)
        fprintf(stderr, "  failed: %s\n", l->failures[i]);
}

/* ---- stack/variant ---- */

void variant_up(const char *name, const char *settings, char *base, size_t size)
{
    char dir[512];

    /* the access log of this run only: the pool tests count its lines */
    harness_variant_dir(name, dir, sizeof dir);
    harness_sh("rm -f '%s/nginx-access.log'", dir);
    harness_variant_up(name, settings);
    harness_variant_env(name, "HTTP_URL", base, size);
}

int variant_pid(const char *name, const char *file)
{
    char path[1024];
    int pid = 0;

    harness_variant_file(name, file, path, sizeof path);
    ck_assert_msg(harness_read_pids(path, &pid, 1) == 1, "no pid in %s", path);
    return pid;
}

/* ---- memcached ---- */

void mc_ctl(const char *verb, const char *name, char *addr, size_t size)
{
    char *out = NULL, *end;
    int rc = harness_capture(&out, "'%s/stack/mc-ctl' '%s' %s %s", getenv("PEBA_SOURCE_DIR"),
                             harness_env("RUNDIR"), verb, name ? name : "");

    ck_assert_msg(rc == 0, "stack/mc-ctl %s %s: exit status %d: %s", verb, name ? name : "", rc, out);
    if (addr) {
        /* the address is its last line */
        end = out + strlen(out);
        while (end > out && end[-1] == '\n')
            *--end = '\0';
        snprintf(addr, size, "%s", strrchr(out, '\n') ? strrchr(out, '\n') + 1 : out);
    }
    free(out);
}

unsigned long long mc_stat(const char *servers, const char *name)
{
    memcached_st *mc = memcached_create(NULL);
    memcached_server_st *list = memcached_servers_parse(servers);
    memcached_return_t rc = MEMCACHED_FAILURE;
    memcached_stat_st *stats = NULL;
    unsigned long long value = 0;
    char *text = NULL;

    if (mc && list && memcached_server_push(mc, list) == MEMCACHED_SUCCESS)
        stats = memcached_stat(mc, NULL, &rc);
    if (stats && rc == MEMCACHED_SUCCESS)
        text = memcached_stat_get_value(mc, stats, name, &rc);
    ck_assert_msg(text != NULL, "memcached %s stat %s: %s", servers, name, memcached_strerror(mc, rc));
    value = strtoull(text, NULL, 10);
    free(text);
    memcached_stat_free(mc, stats);
    memcached_server_list_free(list);
    memcached_free(mc);
    return value;
}

/* ---- logs ---- */

int count_lines(const char *text, size_t from, ...)
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

size_t file_size(const char *path)
{
    char *text = harness_read_file(path);
    size_t n = strlen(text);

    free(text);
    return n;
}
