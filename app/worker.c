/* worker.c: the FastCGI accept loop: CGI environment in, response out, state reused across requests. */
#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <fcgiapp.h>

#include "array_len.h"
#include "dispatch.h"
#include "log.h"
#include "route.h"

#define STREAM_THRESHOLD (64u << 10)
#define BODY_KEEP (1u << 20)

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP) {
        reload_requested = 1;
        return;
    }
    stop_requested = 1;
    FCGX_ShutdownPending();
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: a blocked accept() returns so we can stop */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Out of memory in cJSON is not recoverable halfway through a tree: the pool replaces the worker. */
static void *checked_malloc(size_t size)
{
    void *p = malloc(size);

    if (!p) {
        log_error("out of memory (%zu bytes); worker exits", size);
        abort();
    }
    return p;
}

static peba_err worker_open(struct worker *w)
{
    peba_err err = routes_config_load(w->config_path, &w->cfg);

    if (err != PEBA_OK)
        return err;
    w->hosts = host_state_open(w->cfg.state_dir);
    w->es = w->hosts ? es_client_new(&w->cfg, w->hosts) : NULL;
    if (!w->es)
        return peba_fail(PEBA_E_NOMEM, "cannot create the search-engine client");
    w->metrics = host_state_metrics(w->hosts);
    w->cache = cache_new(&w->cfg);
    w->geo = geo_open(w->cfg.geoip_city_db, w->cfg.geoip_asn_db);
    return PEBA_OK;
}

static void worker_close(struct worker *w)
{
    geo_close(w->geo);
    cache_free(w->cache);
    es_client_free(w->es);
    host_state_close(w->hosts);
    config_free(&w->cfg);
    w->hosts = NULL;
    w->metrics = NULL;
    w->geo = NULL;
    w->cache = NULL;
    w->es = NULL;
}

/* SIGHUP: the new configuration replaces the old only if it loads; otherwise the old one stays. */
static void worker_reload(struct worker *w)
{
    struct peba_config probe;
    peba_err err = routes_config_load(w->config_path, &probe);

    reload_requested = 0;
    config_free(&probe);
    if (err != PEBA_OK) {
        log_error("reload failed, keeping the old configuration: %s", peba_reason(err));
        return;
    }
    worker_close(w);
    if (worker_open(w) != PEBA_OK) {
        log_error("reload failed halfway, worker exits: %s", peba_reason(PEBA_E_CONFIG));
        exit(1);
    }
    log_info("configuration reloaded from %s", w->config_path ? w->config_path : "(defaults)");
}

static unsigned method_of(const char *name)
{
    static const struct {
        const char *name;
        unsigned method;
    } methods[] = {
        {"GET", METHOD_GET}, {"POST", METHOD_POST}, {"HEAD", METHOD_HEAD}, {"OPTIONS", METHOD_OPTIONS}};

    for (size_t i = 0; name && i < ARRAY_LEN(methods); i++)
        if (strcmp(name, methods[i].name) == 0)
            return methods[i].method;
    return METHOD_OTHER;
}

/* nginx sends the normalised path as DOCUMENT_URI; plain CGI setups give SCRIPT_NAME + PATH_INFO. */
static const char *request_path(FCGX_ParamArray env, char *tmp, size_t size)
{
    const char *uri = FCGX_GetParam("DOCUMENT_URI", env);
    const char *script = FCGX_GetParam("SCRIPT_NAME", env);
    const char *info = FCGX_GetParam("PATH_INFO", env);

    if (uri && *uri)
        return uri;
    snprintf(tmp, size, "%s%s", script ? script : "", info ? info : "");
    return tmp[0] ? tmp : "/";
}

static void read_request(FCGX_Request *fcgi, struct request *req, char *path_tmp, size_t path_size)
{
    FCGX_ParamArray env = fcgi->envp;
    const char *length = FCGX_GetParam("CONTENT_LENGTH", env);
    char *end;

    memset(req, 0, sizeof *req);
    req->method = method_of(FCGX_GetParam("REQUEST_METHOD", env));
    req->path = request_path(env, path_tmp, path_size);
    req->query_string = FCGX_GetParam("QUERY_STRING", env);
    req->origin = FCGX_GetParam("HTTP_ORIGIN", env);
    req->preflight_method = FCGX_GetParam("HTTP_ACCESS_CONTROL_REQUEST_METHOD", env);
    req->preflight_headers = FCGX_GetParam("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", env);
    req->remote_addr = FCGX_GetParam("REMOTE_ADDR", env);
    req->if_none_match = FCGX_GetParam("HTTP_IF_NONE_MATCH", env);
    req->content_type = FCGX_GetParam("CONTENT_TYPE", env);
    req->content_length = -1;
    if (length && *length) {
        long long n = strtoll(length, &end, 10);

        req->content_length = (*end || n < 0) ? -1 : n;
    }
}

struct output {
    FCGX_Request *fcgi;
    struct response *res;
    int head_only;
    int headers_sent;
    struct timespec started;
    const struct es_client *es;
    struct es_totals es_before; /* the client's totals when the request began */
};

/* Milliseconds since the request arrived. */
static double elapsed_ms(const struct output *o)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - o->started.tv_sec) * 1e3 + (double)(t.tv_nsec - o->started.tv_nsec) / 1e6;
}

/*
 * Server-Timing (docs/performance.md), on answers that asked the search engine: the worker's time,
 * the engine round trips and the engine's own `took`, up to the first byte of the body.
 */
static void write_server_timing(const struct output *o)
{
    struct es_totals now = es_totals(o->es);
    char line[128];
    int n;

    if (now.requests == o->es_before.requests)
        return;
    n = snprintf(line, sizeof line, "Server-Timing: peba;dur=%.3f, es;dur=%.3f", elapsed_ms(o),
                 now.latency_ms - o->es_before.latency_ms);
    if (now.searches != o->es_before.searches)
        snprintf(line + n, sizeof line - (size_t)n, ", es-took;dur=%lld", now.took_ms - o->es_before.took_ms);
    FCGX_PutS(line, o->fcgi->out);
    FCGX_PutS("\r\n", o->fcgi->out);
}

static void write_headers(struct output *o, long long content_length)
{
    struct response *res = o->res;

    FCGX_FPrintF(o->fcgi->out, "Status: %d %s\r\n", res->status, http_reason(res->status));
    /* a 304 describes the client's copy, which has a type and a length of its own */
    if (res->status != 304)
        FCGX_FPrintF(o->fcgi->out, "Content-Type: %s\r\n", res->content_type);
    if (content_length >= 0 && res->status != 304)
        FCGX_FPrintF(o->fcgi->out, "Content-Length: %lld\r\n", content_length);
    if (res->headers.len)
        FCGX_PutStr(res->headers.data, (int)res->headers.len, o->fcgi->out);
    write_server_timing(o);
    FCGX_PutS("\r\n", o->fcgi->out);
    o->headers_sent = 1;
}

/* The body sink of streaming responses: headers on the first chunk, then chunks as they fill. */
static bool stream_chunk(struct buf *b, void *ctx)
{
    struct output *o = ctx;

    if (!o->headers_sent)
        write_headers(o, -1);
    if (o->head_only || b->len == 0)
        return true;
    return FCGX_PutStr(b->data, (int)b->len, o->fcgi->out) >= 0;
}

static void finish_output(struct output *o)
{
    struct buf *body = &o->res->body;

    if (!o->headers_sent)
        write_headers(o, (long long)body->len);
    if (!o->head_only && body->len)
        FCGX_PutStr(body->data, (int)body->len, o->fcgi->out);
}

/* Reads a POST body of at most limit bytes into body. */
static peba_err read_body(FCGX_Request *fcgi, const struct request *req, struct buf *body, long limit)
{
    char chunk[16384];
    int n;

    buf_reset(body, BODY_KEEP);
    if (req->content_length > limit)
        return peba_fail(PEBA_E_TOO_LARGE, "request body larger than %ld bytes", limit);
    while ((n = FCGX_GetStr(chunk, sizeof chunk, fcgi->in)) > 0) {
        if ((long)(body->len + (size_t)n) > limit)
            return peba_fail(PEBA_E_TOO_LARGE, "request body larger than %ld bytes", limit);
        if (!buf_append(body, chunk, (size_t)n))
            return PEBA_E_NOMEM;
    }
    return PEBA_OK;
}

/*
 * nginx's $request_id (REQUEST_ID, nginx/peba-locations.conf) names the request in the worker's
 * log lines, to the search engine (X-Opaque-Id: its slow log) and to the client (X-Request-Id).
 * An id that is no plain token is not used: it would end up in headers and logs.
 */
static void name_request(struct worker *w, FCGX_ParamArray env)
{
    const char *id = FCGX_GetParam("REQUEST_ID", env);

    if (id && !log_id_valid(id))
        id = NULL;
    log_set_request_id(id);
    es_set_opaque_id(w->es, id);
    if (id)
        response_header(&w->res, "X-Request-Id", id);
}

/* The answered request in the machine's metrics: its route, status, time, and engine time when it asked. */
static void count_request(struct worker *w, const struct request *req, const struct output *o)
{
    struct es_totals now = es_totals(o->es);
    double engine_ms = now.latency_ms - o->es_before.latency_ms;

    metrics_request(w->metrics, req->route ? route_index(req->route) : METRICS_NO_ROUTE, w->res.status,
                    (uint64_t)(elapsed_ms(o) * 1e3), now.requests != o->es_before.requests,
                    (uint64_t)(engine_ms * 1e3));
}

static void serve(struct worker *w, FCGX_Request *fcgi)
{
    struct request req;
    char path_tmp[1024];
    struct output out = {.fcgi = fcgi, .res = &w->res, .es = w->es, .es_before = es_totals(w->es)};

    clock_gettime(CLOCK_MONOTONIC, &out.started);
    read_request(fcgi, &req, path_tmp, sizeof path_tmp);
    response_reset(&w->res);
    name_request(w, fcgi->envp);
    w->res.body.sink = stream_chunk;
    w->res.body.sink_ctx = &out;
    out.head_only = req.method == METHOD_HEAD;
    if (req.method == METHOD_POST &&
        read_body(fcgi, &req, &w->body, request_body_limit(w, req.path)) != PEBA_OK) {
        req.route = route_find(req.path);
        response_error(&w->res, FORMAT_XML, PEBA_E_TOO_LARGE);
    } else {
        req.body = &w->body;
        dispatch(w, &req);
    }
    finish_output(&out);
    count_request(w, &req, &out);
    w->res.body.sink = NULL;
    w->requests++;
    log_set_request_id(NULL);
    es_set_opaque_id(w->es, NULL);
}

int worker_run(int listen_fd, const char *config_path)
{
    struct worker w = {.config_path = config_path};
    FCGX_Request fcgi;
    cJSON_Hooks hooks = {checked_malloc, free};
    int status = 0;

    memset(&fcgi, 0, sizeof fcgi);
    install_signals();
    cJSON_InitHooks(&hooks);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (worker_open(&w) != PEBA_OK) {
        log_error("%s", peba_reason(PEBA_E_CONFIG));
        worker_close(&w);
        return 1;
    }
    metrics_worker_start(w.metrics, (int)getpid());
    response_init(&w.res);
    buf_init(&w.body, 0);
    buf_init(&w.cache_key, 0);
    if (FCGX_Init() != 0 || FCGX_InitRequest(&fcgi, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        log_error("cannot initialise FastCGI on fd %d", listen_fd);
        status = 1;
    }
    while (status == 0 && !stop_requested) {
        if (FCGX_Accept_r(&fcgi) < 0) {
            if (errno != EINTR && !stop_requested) {
                log_error("accept failed: %s", strerror(errno));
                status = 1;
            }
        } else {
            serve(&w, &fcgi);
            FCGX_Finish_r(&fcgi);
        }
        if (reload_requested)
            worker_reload(&w);
    }
    metrics_worker_exit(w.metrics, (int)getpid());
    FCGX_Free(&fcgi, 0);
    response_free(&w.res);
    buf_free(&w.body);
    buf_free(&w.cache_key);
    worker_close(&w);
    curl_global_cleanup();
    return status;
}
