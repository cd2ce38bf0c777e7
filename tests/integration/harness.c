/* harness.c: the integration tests' access to the running stack: env file, HTTP, engine, memcached, pebactl, fixtures. */
#include "harness.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <libmemcached/memcached.h>
#include <openssl/evp.h>

#include "alert_index.h"
#include "buf.h"
#include "honeynet.h"
#include "timeutil.h"

#define ENV_MAX 32
#define HTTP_TIMEOUT_S 60L
#define TCASE_TIMEOUT_S 60

static struct {
    char *keys[ENV_MAX];
    char *values[ENV_MAX];
    size_t count;
    struct peba_config cfg;
    char alert_pattern[ALERT_INDEX_NAME_MAX];
    CURL *curl;
    char *pebactl_out;
    char engine_url[256]; /* harness_set_engine_url's; ES_URL when empty */
} H;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "harness: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* ---- stack ---- */

static void read_env_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];

    if (!f)
        die("cannot read %s (is the stack up? the stack_up test starts it)", path);
    while (H.count < ENV_MAX && fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');

        line[strcspn(line, "\r\n")] = '\0';
        if (!eq || eq == line)
            continue;
        *eq = '\0';
        H.keys[H.count] = strdup(line);
        H.values[H.count] = strdup(eq + 1);
        H.count++;
    }
    fclose(f);
}

static void free_env(void)
{
    for (size_t i = 0; i < H.count; i++) {
        free(H.keys[i]);
        free(H.values[i]);
    }
    H.count = 0;
    config_free(&H.cfg);
    if (H.curl)
        curl_easy_cleanup(H.curl);
    H.curl = NULL;
    free(H.pebactl_out);
    H.pebactl_out = NULL;
    curl_global_cleanup();
}

void harness_setup(void)
{
    const char *rundir = getenv("PEBA_RUNDIR");
    char path[4096];

    if (!rundir || !*rundir)
        die("PEBA_RUNDIR is not set (run through ctest)");
    if (!getenv("PEBACTL"))
        die("PEBACTL is not set (run through ctest)");
    snprintf(path, sizeof path, "%s/env", rundir);
    read_env_file(path);
    if (!harness_env("CONFIG") || !harness_env("HTTP_URL") || !harness_env("ES_URL"))
        die("%s lacks CONFIG, HTTP_URL or ES_URL", path);
    if (config_load(harness_env("CONFIG"), &H.cfg) != PEBA_OK)
        die("%s", peba_reason(PEBA_E_CONFIG));
    if (!alert_index_pattern(H.cfg.alert_index, H.alert_pattern))
        die("alert index prefix '%s' too long", H.cfg.alert_index);
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    atexit(free_env);
}

const char *harness_env(const char *key)
{
    for (size_t i = 0; i < H.count; i++)
        if (strcmp(H.keys[i], key) == 0)
            return H.values[i];
    return NULL;
}

const struct peba_config *harness_config(void)
{
    return &H.cfg;
}

/* nftw callback: removes regular files; directories stay (nginx keeps its levels). */
static int remove_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_F && unlink(path) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

void harness_empty_nginx_cache(void)
{
    char dir[4096];

    snprintf(dir, sizeof dir, "%s/nginx-cache", harness_env("RUNDIR"));
    ck_assert_msg(nftw(dir, remove_file, 16, FTW_PHYS) == 0 || errno == ENOENT, "cannot empty %s: %s", dir,
                  strerror(errno));
}

void harness_flush_cache(void)
{
    memcached_st *mc = memcached_create(NULL);
    memcached_server_st *servers = memcached_servers_parse(H.cfg.memcached_servers);
    memcached_return_t rc = MEMCACHED_FAILURE;

    if (mc && servers && memcached_server_push(mc, servers) == MEMCACHED_SUCCESS)
        rc = memcached_flush(mc, 0);
    memcached_server_list_free(servers);
    memcached_free(mc);
    ck_assert_msg(rc == MEMCACHED_SUCCESS, "memcached flush on %s failed: %s", H.cfg.memcached_servers,
                  memcached_strerror(NULL, rc));
    harness_empty_nginx_cache();
}

/* Fails the test unless the engine answered one of the accepted statuses. */
static void es_expect(const char *method, const char *path, const char *body, long ok1, long ok2)
{
    struct http_reply r;

    es_raw(method, path, body, &r);
    ck_assert_msg(r.status == ok1 || r.status == ok2, "%s %s: %ld %s", method, path, r.status, r.body);
    http_reply_free(&r);
}

void harness_reset(void)
{
    char path[512];

    snprintf(path, sizeof path, "/%s?expand_wildcards=all", H.alert_pattern);
    es_expect("DELETE", path, NULL, 200, 200);
    /* the users index keeps its mapping (pebactl setup made it); only its documents go */
    snprintf(path, sizeof path, "/%s/_delete_by_query?refresh=true&conflicts=proceed", H.cfg.user_index);
    es_expect("POST", path, "{\"query\":{\"match_all\":{}}}", 200, 404);
    harness_flush_cache();
}

TCase *harness_case(Suite *s, const char *name, void (*load)(void), const TTest *const *tests, size_t n)
{
    TCase *tc = tcase_create(name);

    /* unchecked setups run once per TCase, in the order added */
    tcase_add_unchecked_fixture(tc, harness_reset, NULL);
    if (load)
        tcase_add_unchecked_fixture(tc, load, NULL);
    tcase_set_timeout(tc, TCASE_TIMEOUT_S);
    for (size_t i = 0; i < n; i++)
        tcase_add_test(tc, tests[i]);
    suite_add_tcase(s, tc);
    return tc;
}

int harness_run(Suite *suite)
{
    SRunner *sr;
    int failed;

    harness_setup();
    sr = srunner_create(suite);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- HTTP ---- */

struct transfer {
    struct buf body;
    struct buf headers;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct transfer *t = ctx;

    return buf_append(&t->body, data, size * nmemb) ? size * nmemb : 0;
}

/* Keeps "Name: value" lines of the final response (a status line starts over, e.g. after a 100). */
static size_t on_header(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct transfer *t = ctx;
    size_t len = size * nmemb;
    size_t text = len;

    while (text && (data[text - 1] == '\r' || data[text - 1] == '\n'))
        text--;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0)
        buf_reset(&t->headers, 0);
    else if (text && memchr(data, ':', text) &&
             (!buf_append(&t->headers, data, text) || !buf_putc(&t->headers, '\n')))
        return 0;
    return len;
}

static char *take(struct buf *b)
{
    char *text = b->data ? b->data : strdup("");

    ck_assert_msg(text && !b->failed, "out of memory");
    buf_init(b, 0);
    return text;
}

static void fill_reply(struct transfer *t, struct http_reply *r)
{
    const char *ct = NULL;

    curl_easy_getinfo(H.curl, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(H.curl, CURLINFO_HTTP_VERSION, &r->http_version);
    curl_easy_getinfo(H.curl, CURLINFO_CONTENT_TYPE, &ct);
    snprintf(r->content_type, sizeof r->content_type, "%s", ct ? ct : "");
    r->len = t->body.len;
    r->body = take(&t->body);
    r->headers = take(&t->headers);
    r->header_values = strdup(r->headers);
    ck_assert_msg(r->header_values != NULL, "out of memory");
    for (char *p = r->header_values; *p; p++)
        if (*p == '\n')
            *p = '\0';
}

void http_reply_free(struct http_reply *r)
{
    free(r->body);
    free(r->headers);
    free(r->header_values);
    memset(r, 0, sizeof *r);
}

const char *http_header(const struct http_reply *r, const char *name)
{
    size_t name_len = strlen(name);
    const char *end;

    if (!r->headers || !r->header_values)
        return NULL;
    end = r->header_values + strlen(r->headers);

    for (const char *line = r->header_values; line < end; line += strlen(line) + 1) {
        if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
            const char *value = line + name_len + 1;

            return value + strspn(value, " \t");
        }
    }
    return NULL;
}

void http_expect(const struct http_reply *r, long status, const char *content_type, const char *body)
{
    ck_assert_msg(r->status == status, "status %ld, expected %ld; body: %s", r->status, status, r->body);
    ck_assert_msg(strcmp(r->content_type, content_type) == 0, "Content-Type '%s', expected '%s'",
                  r->content_type, content_type);
    if (body)
        ck_assert_msg(r->len == strlen(body) && memcmp(r->body, body, r->len) == 0, "body\n%s\nexpected\n%s",
                      r->body, body);
}

void http_get_expect(const char *path_query, long status, const char *content_type, const char *body)
{
    struct http_reply r;

    http_get(path_query, &r);
    if (r.status != status || strcmp(r.content_type, content_type) != 0 ||
        (body && strcmp(r.body, body) != 0))
        fprintf(stderr, "GET %s\n", path_query);
    http_expect(&r, status, content_type, body);
    http_reply_free(&r);
}

void http_expect_cached(const char *path_query, const char *index_pattern, bool cached,
                        const char *content_type, const char *body)
{
    struct http_reply first, second;
    long long before, after_first, after_second;

    before = es_search_count(index_pattern);
    http_get(path_query, &first);
    after_first = es_search_count(index_pattern);
    harness_empty_nginx_cache(); /* the second request must reach the workers: memcached answers it or not */
    http_get(path_query, &second);
    after_second = es_search_count(index_pattern);
    http_expect(&first, 200, content_type, body);
    ck_assert_msg(after_first > before, "%s: the first request did not search", path_query);
    if (cached)
        ck_assert_msg(after_second == after_first, "%s: the second request searched again", path_query);
    else
        ck_assert_msg(after_second > after_first, "%s: the second request was answered from the cache",
                      path_query);
    http_expect(&second, 200, content_type, first.body);
    http_reply_free(&first);
    http_reply_free(&second);
}

/* The one handle, made on first use; connections are not kept, so forked tests never share one. */
static CURL *handle(void)
{
    if (!H.curl)
        H.curl = curl_easy_init();
    ck_assert_msg(H.curl != NULL, "curl_easy_init failed");
    curl_easy_reset(H.curl);
    curl_easy_setopt(H.curl, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(H.curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(H.curl, CURLOPT_TIMEOUT, HTTP_TIMEOUT_S);
    curl_easy_setopt(H.curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(H.curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(H.curl, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    return H.curl;
}

static void perform(const char *method, const char *url, struct curl_slist *headers, const char *body,
                    size_t len, struct http_reply *r)
{
    CURL *c = handle();
    struct transfer t;
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode rc;

    memset(r, 0, sizeof *r);
    buf_init(&t.body, 0);
    buf_init(&t.headers, 0);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
        /* a POST without a body still says Content-Length: 0 */
        if (body || strcmp(method, "POST") == 0) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
        }
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    }
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        buf_free(&t.body);
        buf_free(&t.headers);
        curl_slist_free_all(headers);
        ck_abort_msg("%s %s: %s", method, url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    fill_reply(&t, r);
}

static struct curl_slist *add_header(struct curl_slist *list, const char *line)
{
    struct curl_slist *next = curl_slist_append(list, line);

    ck_assert_msg(next != NULL, "out of memory");
    return next;
}

static void request_with(const char *method, const char *base_url, const char *path_query,
                         struct curl_slist *headers, const char *body, size_t len, struct http_reply *r)
{
    char url[8192];

    ck_assert_msg((size_t)snprintf(url, sizeof url, "%s%s", base_url, path_query) < sizeof url,
                  "URL too long");
    /* no "Expect: 100-continue" round trip for bodies */
    headers = add_header(headers, "Expect:");
    perform(method, url, headers, body, len, r);
    curl_slist_free_all(headers);
}

void http_request(const char *method, const char *base_url, const char *path_query,
                  const char *const *headers, const char *body, size_t len, struct http_reply *r)
{
    struct curl_slist *list = NULL;

    for (size_t i = 0; headers && headers[i]; i++)
        list = add_header(list, headers[i]);
    request_with(method, base_url ? base_url : harness_env("HTTP_URL"), path_query, list, body, len, r);
}

void http_get(const char *path_query, struct http_reply *r)
{
    http_request("GET", NULL, path_query, NULL, NULL, 0, r);
}

void http_post(const char *path_query, const char *body, size_t len, const char *content_type,
               struct http_reply *r)
{
    char line[256];

    /* "Content-Type:" with no value keeps curl from sending its form default */
    snprintf(line, sizeof line, "Content-Type:%s%s", content_type ? " " : "",
             content_type ? content_type : "");
    request_with("POST", harness_env("HTTP_URL"), path_query, add_header(NULL, line), body, body ? len : 0,
                 r);
}

char *harness_nginx_cache_entry(const char *path_query, const char *origin)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char digest[16];
    char key[8192], name[33], path[8192];
    unsigned int len = 0;
    char *text, *start;
    size_t size = 0;
    FILE *f, *mem;
    int c;

    /* fastcgi_cache_key "$request_uri $http_origin" (nginx/peba-locations.conf), levels=1:2 */
    snprintf(key, sizeof key, "%s %s", path_query, origin ? origin : "");
    ck_assert(EVP_Digest(key, strlen(key), digest, &len, EVP_md5(), NULL) && len == sizeof digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        name[2 * i] = hex[digest[i] >> 4];
        name[2 * i + 1] = hex[digest[i] & 15];
    }
    name[32] = '\0';
    snprintf(path, sizeof path, "%s/nginx-cache/%c/%.2s/%s", harness_env("RUNDIR"), name[31], name + 29,
             name);
    if (!(f = fopen(path, "r")))
        return NULL;
    mem = open_memstream(&text, &size);
    ck_assert(mem != NULL);
    while ((c = fgetc(f)) != EOF)
        fputc(c ? c : ' ', mem); /* nginx's binary header holds NULs: the text after it is what matters */
    fclose(f);
    fclose(mem);
    start = strstr(text, "\nKEY: ");
    ck_assert_msg(start != NULL, "%s: no KEY line", path);
    memmove(text, start + 1, strlen(start + 1) + 1);
    return text;
}

/* ---- load ---- */

struct harness_load {
    char base[256];
    const char *const *paths;
    size_t npaths, next;
    int connections;
    double pause_s;
    atomic_bool stop;
    pthread_t thread;
    struct harness_load_result result; /* the thread's, read after it ended */
};

/* One connection of a load: its handle, the X-Cache-Status of its answer in flight, when it sends next. */
struct load_slot {
    CURL *easy;
    enum harness_cache_status status;
    const char *path;
    double send_at; /* harness_clock(); 0 while a request is in flight */
};

static const char *const cache_status_names[] = {
    [CACHE_HIT] = "HIT",     [CACHE_MISS] = "MISS",         [CACHE_EXPIRED] = "EXPIRED",
    [CACHE_STALE] = "STALE", [CACHE_UPDATING] = "UPDATING", [CACHE_NONE] = "none",
};

const char *harness_cache_status_name(enum harness_cache_status s)
{
    return cache_status_names[s];
}

static size_t load_header(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct load_slot *slot = ctx;
    size_t len = size * nmemb;

    if (len > 15 && strncasecmp(data, "X-Cache-Status:", 15) == 0) {
        for (int s = 0; s < CACHE_NONE; s++) {
            size_t n = strlen(cache_status_names[s]);

            if (len >= 16 + n && strncmp(data + 16, cache_status_names[s], n) == 0)
                slot->status = (enum harness_cache_status)s;
        }
    }
    return len;
}

static size_t load_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * nmemb;
}

static void load_send(struct harness_load *l, CURLM *multi, struct load_slot *slot)
{
    char url[1024];

    slot->path = l->paths[l->next++ % l->npaths];
    slot->status = CACHE_NONE;
    slot->send_at = 0;
    snprintf(url, sizeof url, "%s%s", l->base, slot->path);
    curl_easy_reset(slot->easy);
    curl_easy_setopt(slot->easy, CURLOPT_URL, url);
    curl_easy_setopt(slot->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(slot->easy, CURLOPT_TIMEOUT, HTTP_TIMEOUT_S);
    curl_easy_setopt(slot->easy, CURLOPT_WRITEFUNCTION, load_body);
    curl_easy_setopt(slot->easy, CURLOPT_HEADERFUNCTION, load_header);
    curl_easy_setopt(slot->easy, CURLOPT_HEADERDATA, slot);
    curl_easy_setopt(slot->easy, CURLOPT_PRIVATE, slot);
    curl_multi_add_handle(multi, slot->easy);
}

static void load_count(struct harness_load *l, const struct load_slot *slot, CURLcode rc)
{
    struct harness_load_result *r = &l->result;
    long status = 0;
    double seconds = 0;

    curl_easy_getinfo(slot->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(slot->easy, CURLINFO_TOTAL_TIME, &seconds);
    r->requests++;
    if (seconds > r->slowest_s)
        r->slowest_s = seconds;
    r->by_cache[slot->status]++;
    if (rc == CURLE_OK && status == 200)
        r->ok++;
    else if (!r->failure[0])
        snprintf(r->failure, sizeof r->failure, "%s: %s (HTTP %ld, %s)", slot->path, curl_easy_strerror(rc),
                 status, cache_status_names[slot->status]);
}

static void *load_run(void *arg)
{
    struct harness_load *l = arg;
    CURLM *multi = curl_multi_init();
    struct load_slot *slots = calloc((size_t)l->connections, sizeof *slots);
    int running = 0, waiting = 0;

    ck_assert(multi && slots);
    for (int i = 0; i < l->connections; i++) {
        ck_assert((slots[i].easy = curl_easy_init()) != NULL);
        load_send(l, multi, &slots[i]);
    }
    do {
        double now = harness_clock();
        CURLMsg *msg;
        int left;

        curl_multi_perform(multi, &running);
        while ((msg = curl_multi_info_read(multi, &left))) {
            struct load_slot *slot = NULL;

            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&slot);
            load_count(l, slot, msg->data.result);
            curl_multi_remove_handle(multi, slot->easy);
            slot->send_at = now + l->pause_s;
        }
        waiting = 0;
        for (int i = 0; i < l->connections; i++) {
            if (slots[i].send_at == 0 || atomic_load(&l->stop))
                continue;
            if (slots[i].send_at <= now)
                load_send(l, multi, &slots[i]);
            else
                waiting++;
        }
        curl_multi_poll(multi, NULL, 0, waiting ? 2 : 50, NULL);
    } while (running > 0 || !atomic_load(&l->stop));
    for (int i = 0; i < l->connections; i++)
        curl_easy_cleanup(slots[i].easy);
    free(slots);
    curl_multi_cleanup(multi);
    return NULL;
}

struct harness_load *harness_load_start(const char *const *paths, size_t n, int connections, int pause_ms)
{
    struct harness_load *l = calloc(1, sizeof *l);

    ck_assert(l != NULL && n > 0 && connections > 0);
    snprintf(l->base, sizeof l->base, "%s", harness_env("HTTP_URL"));
    l->paths = paths;
    l->npaths = n;
    l->connections = connections;
    l->pause_s = pause_ms / 1000.0;
    atomic_init(&l->stop, false);
    ck_assert(pthread_create(&l->thread, NULL, load_run, l) == 0);
    return l;
}

void harness_load_stop(struct harness_load *l, struct harness_load_result *out)
{
    atomic_store(&l->stop, true);
    pthread_join(l->thread, NULL);
    *out = l->result;
    free(l);
}

/* ---- the engine ---- */

void es_raw(const char *method, const char *path, const char *body, struct http_reply *r)
{
    struct curl_slist *headers = body ? add_header(NULL, "Content-Type: application/json") : NULL;

    request_with(method, H.engine_url[0] ? H.engine_url : harness_env("ES_URL"), path, headers, body,
                 body ? strlen(body) : 0, r);
}

long long es_search_count(const char *index_pattern)
{
    struct http_reply r;
    char path[512];
    cJSON *doc, *total;
    long long count;

    snprintf(path, sizeof path, "/%s/_stats/search?ignore_unavailable=true",
             index_pattern ? index_pattern : H.alert_pattern);
    es_raw("GET", path, NULL, &r);
    ck_assert_msg(r.status == 200, "GET %s: %ld %s", path, r.status, r.body);
    doc = cJSON_Parse(r.body);
    total = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "_all"), "total");
    ck_assert_msg(cJSON_IsObject(total), "GET %s: no _all.total in %s", path, r.body);
    /* no index at all: _all.total is {} */
    total =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(total, "search"), "query_total");
    count = cJSON_IsNumber(total) ? (long long)total->valuedouble : 0;
    cJSON_Delete(doc);
    http_reply_free(&r);
    return count;
}

long long es_search_total(void)
{
    return es_search_count(NULL);
}

const char *harness_alert_pattern(void)
{
    return H.alert_pattern;
}

void es_put_doc(const char *index, const char *id, const char *json)
{
    char path[512];

    snprintf(path, sizeof path, "/%s/_doc/%s?refresh=true", index, id);
    es_expect("PUT", path, json, 200, 201);
}

void es_delete_index(const char *index)
{
    char path[512];

    snprintf(path, sizeof path, "/%s", index);
    es_expect("DELETE", path, NULL, 200, 404);
}

/* ---- pebactl ---- */

/* A new empty file RUNDIR/<stem>XXXXXX<suffix>; its name goes to path. */
static FILE *temp_file(const char *stem, const char *suffix, char *path, size_t size)
{
    int fd;
    FILE *f;

    snprintf(path, size, "%s/%sXXXXXX%s", harness_env("RUNDIR") ? harness_env("RUNDIR") : "/tmp", stem,
             suffix);
    fd = mkstemps(path, (int)strlen(suffix));
    ck_assert_msg(fd >= 0, "cannot create %s", path);
    f = fdopen(fd, "w+");
    ck_assert_msg(f != NULL, "fdopen %s", path);
    return f;
}

int run_pebactl(const char *stdin_text, const char *fmt, ...)
{
    char args[4096], out_path[4096], cmd[16384];
    FILE *out = temp_file("pebactl-", ".out", out_path, sizeof out_path);
    FILE *p;
    va_list ap;
    int status;

    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "'%s' --config '%s' %s >'%s'", getenv("PEBACTL"), harness_env("CONFIG"), args,
             out_path);
    p = popen(cmd, "w");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    if (stdin_text)
        fputs(stdin_text, p);
    status = pclose(p);
    fclose(out);
    free(H.pebactl_out);
    H.pebactl_out = harness_read_file(out_path);
    unlink(out_path);
    fprintf(stderr, "pebactl %s -> %d: %s", args, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
            H.pebactl_out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *pebactl_output(void)
{
    return H.pebactl_out ? H.pebactl_out : "";
}

/* ---- fixtures ---- */

void alert_time(time_t now, long age_seconds, char out[20])
{
    utc_format(now - age_seconds, out);
}

static void merge_extra(cJSON *doc, const char *extra)
{
    cJSON *more = cJSON_Parse(extra);
    cJSON *item;

    ck_assert_msg(cJSON_IsObject(more), "alert .extra is not a JSON object: %s", extra);
    while ((item = more->child)) {
        cJSON_DetachItemViaPointer(more, item);
        /* not cJSON_Replace...: it frees the item's key before copying it */
        cJSON_DeleteItemFromObjectCaseSensitive(doc, item->string);
        cJSON_AddItemToObject(doc, item->string, item);
    }
    cJSON_Delete(more);
}

#define OR(value, fallback) ((value) ? (value) : (fallback))

char *alert_doc(time_t now, const struct alert *a)
{
    char received[20], created[20];
    /* the fields no endpoint reads a particular value of are set so that documents look like ingested ones */
    const struct honeynet_alert fixture = {
        .client = "-",
        .client_version = "",
        .created = created,
        .external_ip = "1.1.1.1",
        .hostname = OR(a->hostname, "honeypot-01"),
        .internal_ip = "1.1.1.1",
        .login = a->login,
        .request = OR(a->request, "/index.html"),
        .password = a->password,
        .peer_ident = OR(a->peer_ident, "sensor-01"),
        .peer_type = OR(a->peer_type, "Webpage"),
        .raw_http = "-",
        .session_end = "",
        .session_start = "",
        .source_ip = OR(a->source_ip, "192.0.2.10"),
        .source_port = "40000",
        .target_ip = "172.20.0.2",
        .target_port = OR(a->target_port, "80"),
        .protocol = "tcp",
        .username = a->username,
        .vulnid = "",
        .community = !a->private_domain,
        .received = received,
        .country = OR(a->country, "NL"),
        .country_name = OR(a->country_name, "Netherlands"),
        .source_as = "AS1136 KPN B.V.",
        .location = OR(a->location, "52.5 , 13.4"),
        .target_country = OR(a->target_country, "DE"),
        .target_country_name = OR(a->target_country_name, "Germany"),
        .target_as = "AS3320 Deutsche Telekom AG",
        .location_dest = OR(a->location_dest, "51.2993 , 9.491"),
    };
    cJSON *doc;
    char *text;

    alert_time(now, a->age, received);
    alert_time(now, a->age + a->create_lag, created);
    doc = honeynet_document(&fixture);
    ck_assert_msg(doc != NULL, "out of memory");
    if (a->id)
        ck_assert_msg(cJSON_AddStringToObject(doc, "_id", a->id) != NULL, "out of memory");
    if (a->extra)
        merge_extra(doc, a->extra);
    text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    ck_assert_msg(text != NULL, "out of memory");
    return text;
}

void load_alerts(const char *ndjson)
{
    char path[4096];
    FILE *f = temp_file("fixture-", ".ndjson", path, sizeof path);
    int rc;

    ck_assert_msg(fputs(ndjson, f) >= 0 && fflush(f) == 0, "cannot write %s", path);
    fclose(f);
    rc = run_pebactl(NULL, "load '%s'", path);
    unlink(path);
    ck_assert_msg(rc == 0, "pebactl load failed (exit %d): %s", rc, pebactl_output());
}

time_t load_alert_list(const struct alert *alerts, size_t n)
{
    time_t now = time(NULL);
    struct buf ndjson;

    buf_init(&ndjson, 0);
    for (size_t i = 0; i < n; i++) {
        char *doc = alert_doc(now, &alerts[i]);

        buf_puts(&ndjson, doc);
        buf_putc(&ndjson, '\n');
        free(doc);
    }
    ck_assert_msg(!ndjson.failed, "out of memory");
    load_alerts(ndjson.data ? ndjson.data : "");
    buf_free(&ndjson);
    return now;
}

/* ---- small helpers ---- */

double harness_clock(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Between polls: short while the state may come at once, longer while it is slow in coming. */
#define POLL_FIRST_S 0.002
#define POLL_MAX_S 0.1

bool harness_poll_until(double deadline_s, bool (*ready)(void *ctx), void *ctx)
{
    double start = harness_clock(), pause = POLL_FIRST_S;

    while (!ready(ctx)) {
        if (harness_clock() - start >= deadline_s)
            return false;
        usleep((useconds_t)(pause * 1e6));
        pause = pause * 2 < POLL_MAX_S ? pause * 2 : POLL_MAX_S;
    }
    return true;
}

double harness_wait_until(const char *what, double deadline_s, bool (*ready)(void *ctx), void *ctx)
{
    double start = harness_clock();

    ck_assert_msg(harness_poll_until(deadline_s, ready, ctx), "%s: not within %.1f s", what, deadline_s);
    return harness_clock() - start;
}

char *harness_read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    struct buf text;
    char chunk[4096];
    size_t n;

    buf_init(&text, 0);
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&text, chunk, n);
    if (f)
        fclose(f);
    return take(&text);
}

size_t harness_read_pids(const char *path, int *pids, size_t max)
{
    FILE *f = fopen(path, "r");
    size_t n = 0;

    if (!f)
        return 0;
    while (n < max && fscanf(f, "%d", &pids[n]) == 1)
        n++;
    fclose(f);
    return n;
}

size_t harness_pids(const char *pid_file, int *pids, size_t max)
{
    char path[4096];

    snprintf(path, sizeof path, "%s/%s", getenv("PEBA_RUNDIR"), pid_file);
    return harness_read_pids(path, pids, max);
}

size_t harness_children(int pid, int *pids, size_t max)
{
    char path[64], stat[512];
    size_t n = 0;
    FILE *f;
    int child;

    snprintf(path, sizeof path, "/proc/%d/task/%d/children", pid, pid);
    if (!(f = fopen(path, "r")))
        return 0;
    while (n < max && fscanf(f, "%d", &child) == 1) {
        FILE *s;
        const char *state;

        /* a child that has ended but is not yet reaped is no worker any more */
        snprintf(path, sizeof path, "/proc/%d/stat", child);
        if (!(s = fopen(path, "r")))
            continue;
        state = fgets(stat, sizeof stat, s) ? strrchr(stat, ')') : NULL;
        fclose(s);
        if (state && state[1] == ' ' && state[2] != 'Z')
            pids[n++] = child;
    }
    fclose(f);
    return n;
}

/* Seconds pid has run, from its start time in /proc (clock ticks after boot); -1 when it is gone. */
static double process_age(int pid)
{
    char path[64], *stat, *after;
    double uptime = 0;
    unsigned long long start = 0;
    FILE *f = fopen("/proc/uptime", "r");

    if (!f || fscanf(f, "%lf", &uptime) != 1) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    stat = harness_read_file(path);
    /* the fields after the command name: state is the 3rd, starttime the 22nd */
    after = strrchr(stat, ')');
    if (!after ||
        sscanf(after + 2, "%*c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu",
               &start) != 1) {
        free(stat);
        return -1;
    }
    free(stat);
    return uptime - (double)start / (double)sysconf(_SC_CLK_TCK);
}

struct aged_children {
    int pid;
    size_t n;
    double seconds;
};

static bool children_aged(void *ctx)
{
    const struct aged_children *a = ctx;
    int pids[64];
    size_t live = harness_children(a->pid, pids, ARRAY_LEN(pids));

    for (size_t i = 0; i < live; i++)
        if (process_age(pids[i]) <= a->seconds)
            return false;
    return live == a->n;
}

void harness_wait_children_older(int pid, size_t n, double seconds)
{
    struct aged_children a = {pid, n, seconds};
    char what[128];

    snprintf(what, sizeof what, "%zu children of %d older than %.1f s", n, pid, seconds);
    harness_wait_until(what, seconds + 15.0, children_aged, &a);
}

size_t harness_workers(int *pids, size_t max)
{
    int master;

    return harness_pids("workers.pid", &master, 1) == 1 ? harness_children(master, pids, max) : 0;
}

void harness_sh(const char *fmt, ...)
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

int harness_capture(char **out, const char *fmt, ...)
{
    char cmd[8192], chunk[4096];
    struct buf text;
    va_list ap;
    size_t n;
    FILE *p;
    int status;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    ck_assert_msg(strlen(cmd) + 5 < sizeof cmd, "command too long");
    strcat(cmd, " 2>&1");
    p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    buf_init(&text, 0);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(&text, chunk, n);
    status = pclose(p);
    *out = take(&text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void harness_write_config(const char *path, const char *key, const char *value, const char *extra)
{
    char *text = harness_read_file(harness_env("CONFIG")), *save = NULL;
    size_t klen = key ? strlen(key) : 0;
    FILE *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "cannot write %s", path);
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (key && strncmp(line, key, klen) == 0 && (line[klen] == ' ' || line[klen] == '='))
            fprintf(f, "%s = %s\n", key, value);
        else
            fprintf(f, "%s\n", line);
    }
    fputs(extra ? extra : "", f);
    fclose(f);
    free(text);
}

bool harness_file_value(const char *path, const char *key, char *out, size_t size)
{
    char *text = harness_read_file(path), *save = NULL;
    size_t klen = strlen(key);
    bool found = false;

    for (char *line = strtok_r(text, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save)) {
        found = strncmp(line, key, klen) == 0 && line[klen] == '=';
        if (found)
            snprintf(out, size, "%s", line + klen + 1);
    }
    free(text);
    return found;
}

void harness_rundir_path(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", harness_env("RUNDIR"), name);
}

/* ---- wrk ---- */

/* The number after `label` in text, 0 when absent. */
static long long number_after(const char *text, const char *label)
{
    const char *at = strstr(text, label);

    return at ? atoll(at + strlen(label)) : 0;
}

void harness_wrk_parse(const char *out, bool scripted, struct wrk_result *w)
{
    const char *requests = strstr(out, " requests in ");
    const char *rps = strstr(out, "Requests/sec:");
    const char *slowest = strstr(out, "Slowest answer: ");

    ck_assert_msg(requests && rps, "no wrk report in:\n%s", out);
    while (requests > out && requests[-1] >= '0' && requests[-1] <= '9')
        requests--;
    w->requests = atoll(requests);
    w->rps = atof(rps + strlen("Requests/sec:"));
    w->slowest_s = slowest ? atof(slowest + strlen("Slowest answer: ")) : 0;
    w->socket_errors = number_after(out, "Socket errors: connect ") + number_after(out, ", read ") +
                       number_after(out, ", write ") + number_after(out, ", timeout ");
    w->failed = w->socket_errors + (scripted ? number_after(out, "Unexpected statuses: ")
                                             : number_after(out, "Non-2xx or 3xx responses: "));
}

/* ---- stack/variant ---- */

void harness_variant_dir(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/variant-%s", harness_env("RUNDIR"), name);
}

void harness_variant_up(const char *name, const char *settings)
{
    char dir[1024];

    harness_variant_dir(name, dir, sizeof dir);
    harness_sh("mkdir -p '%s' && : >'%s/workers.log'", dir, dir);
    harness_sh("PEBA_FCGI='%s' %s '%s/stack/variant' up '%s' '%s'", getenv("PEBA_FCGI"), settings,
               getenv("PEBA_SOURCE_DIR"), harness_env("RUNDIR"), dir);
}

void harness_variant_env(const char *name, const char *key, char *out, size_t size)
{
    char path[1100];

    harness_variant_file(name, "env", path, sizeof path);
    ck_assert_msg(harness_file_value(path, key, out, size), "no %s in %s: is variant %s up?", key, path,
                  name);
}

void harness_variant_down(const char *name)
{
    char dir[1024], path[1100];
    char *log;

    harness_variant_dir(name, dir, sizeof dir);
    harness_sh("'%s/stack/variant' down '%s'", getenv("PEBA_SOURCE_DIR"), dir);
    /* the first pool's log, and those of the others (POOLS=N: pool-2 ...) */
    for (int pool = 1; pool <= 9; pool++) {
        if (pool == 1)
            snprintf(path, sizeof path, "%s/workers.log", dir);
        else
            snprintf(path, sizeof path, "%s/pool-%d/workers.log", dir, pool);
        log = harness_read_file(path);
        ck_assert_msg(!strstr(log, "Sanitizer") && !strstr(log, "runtime error:"), "%s:\n%s", path, log);
        free(log);
    }
}

void harness_variant_file(const char *name, const char *file, char *out, size_t size)
{
    char dir[1024];

    harness_variant_dir(name, dir, sizeof dir);
    snprintf(out, size, "%s/%s", dir, file);
}

int harness_variant_master(const char *name)
{
    char dir[1024], path[1100];
    int pid = 0;

    harness_variant_dir(name, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/workers.pid", dir);
    ck_assert_msg(harness_read_pids(path, &pid, 1) == 1, "no pid in %s", path);
    return pid;
}

/* ---- engine faults ---- */

void harness_set_engine_url(const char *url)
{
    snprintf(H.engine_url, sizeof H.engine_url, "%s", url);
}

#define ENGINE_RECOVERY_MAX_S 90.0 /* a JVM restart on a busy 2-core machine */

void harness_es_ctl(const char *verb)
{
    harness_sh("'%s/stack/es-ctl' '%s' %s", getenv("PEBA_SOURCE_DIR"), getenv("PEBA_RUNDIR"), verb);
}

/* /heartbeat says whether peba reaches the engine; anything but 200 or 503 is a failure of its own. */
static bool engine_reached(void *ctx)
{
    struct http_reply r;
    long status;

    (void)ctx;
    http_get("/heartbeat", &r);
    status = r.status;
    http_reply_free(&r);
    ck_assert_msg(status == 200 || status == 503, "/heartbeat answered %ld while the engine came back",
                  status);
    return status == 200;
}

double harness_wait_for_engine(void)
{
    return harness_wait_until("peba reaching the engine again", ENGINE_RECOVERY_MAX_S, engine_reached, NULL);
}

void harness_restore_engine(void)
{
    int rc;

    harness_es_ctl("resume");
    harness_es_ctl("start");
    harness_wait_for_engine();
    rc = run_pebactl(NULL, "setup");
    ck_assert_msg(rc == 0, "pebactl setup failed (exit %d): %s", rc, pebactl_output());
}
