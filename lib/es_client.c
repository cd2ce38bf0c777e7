/* es_client.c: libcurl transport to the search engine: request budgets, host health, fail-over. */
#include "es_client.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <yajl/yajl_parse.h>

#include "array_len.h"

#define ES_MAX_URL 4096
#define ES_REPLY_KEEP (1u << 20) /* reply buffer capacity kept between requests */
#define ES_REPLY_LIMIT (512u << 20)
/* A transfer given less than this that times out was cut short by its request's budget: no verdict on the host. */
#define TIMEOUT_EVIDENCE_MS 250
/* A probe's claim outlives its transfer by this much (then a dead prober's claim lapses). */
#define PROBE_SLACK_MS 1000

struct es_host {
    const char *url;
    struct engine_health *health;
};

struct es_client {
    const struct peba_config *cfg;
    CURL *curl;
    struct curl_slist *headers;    /* sent with every request */
    struct curl_slist *id_headers; /* the same and X-Opaque-Id, while a request id is set */
    struct buf reply;
    struct es_host hosts[CONFIG_MAX_HOSTS];
    int host_count;
    int current_host;             /* the host that answered last; tried first */
    struct host_state *own_state; /* when the caller gave none */
    bool shared;
    struct engine_backoff backoff;
    long budget_ms;   /* of the request in flight; 0: none */
    int64_t deadline; /* engine_clock_ms() when it ends */
    double last_latency_ms;
    long last_took_ms;
    unsigned long requests;
    struct es_totals totals;
    char errbuf[CURL_ERROR_SIZE];
};

static size_t collect(char *data, size_t size, size_t nmemb, void *userdata)
{
    struct buf *b = userdata;

    return buf_append(b, data, size * nmemb) ? size * nmemb : 0;
}

static bool attach_hosts(struct es_client *es, struct host_state *hs)
{
    if (!hs && !(hs = es->own_state = host_state_open(NULL)))
        return false;
    es->shared = host_state_shared(hs);
    es->host_count = es->cfg->es_host_count;
    for (int i = 0; i < es->host_count; i++) {
        es->hosts[i].url = es->cfg->es_hosts[i];
        if (!(es->hosts[i].health = host_state_engine(hs, es->hosts[i].url)))
            return false;
    }
    return true;
}

struct es_client *es_client_new(const struct peba_config *cfg, struct host_state *hs)
{
    struct es_client *es = calloc(1, sizeof *es);
    char header[512];

    if (!es)
        return NULL;
    es->cfg = cfg;
    es->backoff = (struct engine_backoff){cfg->es_retry_after_ms, cfg->es_retry_after_max_ms};
    buf_init(&es->reply, ES_REPLY_LIMIT);
    es->curl = curl_easy_init();
    if (!es->curl || !attach_hosts(es, hs))
        goto fail;
    es->headers = curl_slist_append(NULL, "Content-Type: application/json");
    if (cfg->es_api_key[0]) {
        snprintf(header, sizeof header, "Authorization: ApiKey %s", cfg->es_api_key);
        es->headers = curl_slist_append(es->headers, header);
    }
    if (!es->headers)
        goto fail;
    curl_easy_setopt(es->curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(es->curl, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(es->curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(es->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(es->curl, CURLOPT_WRITEDATA, &es->reply);
    curl_easy_setopt(es->curl, CURLOPT_ERRORBUFFER, es->errbuf);
    /* no Accept-Encoding: compressing each reply costs the engine 0.3-1.2 ms of CPU and us the inflate,
     * more than it saves on the LAN between them (docs/performance.md) */
    curl_easy_setopt(es->curl, CURLOPT_PROTOCOLS_STR, "http,https");
    if (cfg->es_username[0]) {
        curl_easy_setopt(es->curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(es->curl, CURLOPT_USERNAME, cfg->es_username);
        curl_easy_setopt(es->curl, CURLOPT_PASSWORD, cfg->es_password);
    }
    if (cfg->es_ca_file[0])
        curl_easy_setopt(es->curl, CURLOPT_CAINFO, cfg->es_ca_file);
    if (!cfg->es_verify_tls) {
        curl_easy_setopt(es->curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(es->curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    return es;
fail:
    es_client_free(es);
    return NULL;
}

void es_client_free(struct es_client *es)
{
    if (!es)
        return;
    if (es->curl)
        curl_easy_cleanup(es->curl);
    curl_slist_free_all(es->headers);
    curl_slist_free_all(es->id_headers);
    buf_free(&es->reply);
    host_state_close(es->own_state);
    free(es);
}

const struct peba_config *es_config(const struct es_client *es)
{
    return es->cfg;
}

/* Appends line to *list; on failure frees the whole list. */
static bool header_append(struct curl_slist **list, const char *line)
{
    struct curl_slist *longer = curl_slist_append(*list, line);

    if (!longer)
        curl_slist_free_all(*list);
    *list = longer;
    return longer != NULL;
}

bool es_set_opaque_id(struct es_client *es, const char *id)
{
    char header[128];
    bool ok = true;

    curl_slist_free_all(es->id_headers);
    es->id_headers = NULL;
    if (!id)
        return true;
    snprintf(header, sizeof header, "X-Opaque-Id: %s", id);
    for (const struct curl_slist *h = es->headers; h && ok; h = h->next)
        ok = header_append(&es->id_headers, h->data);
    return ok && header_append(&es->id_headers, header);
}

void es_budget(struct es_client *es, long budget_ms)
{
    es->budget_ms = budget_ms > 0 ? budget_ms : 0;
    es->deadline = es->budget_ms ? engine_clock_ms() + es->budget_ms : 0;
}

/* What the next transfer may take: timeout_ms, or less when the budget ends sooner (<= 0: it has ended). */
static long transfer_ms(const struct es_client *es, int64_t now)
{
    long ms = es->cfg->es_timeout_ms;

    if (es->deadline && es->deadline - now < ms)
        ms = (long)(es->deadline - now);
    return ms;
}

/* Searches, GETs and HEADs change nothing: another host may run them again. */
static bool idempotent(const char *method, const char *path)
{
    static const char *const searches[] = {"/_search", "/_msearch", "/_count"};
    size_t n = strcspn(path, "?");

    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
        return true;
    for (size_t i = 0; strcmp(method, "POST") == 0 && i < ARRAY_LEN(searches); i++) {
        size_t len = strlen(searches[i]);

        if (n >= len && strncmp(path + n - len, searches[i], len) == 0)
            return true;
    }
    return false;
}

static CURLcode perform_on(struct es_client *es, const struct es_host *host, long timeout_ms,
                           const char *method, const char *path, const char *body, size_t body_len)
{
    char url[ES_MAX_URL];
    const char *base = host->url;
    size_t base_len = strlen(base);
    long connect_ms =
        es->cfg->es_connect_timeout_ms < timeout_ms ? es->cfg->es_connect_timeout_ms : timeout_ms;

    if (base_len && base[base_len - 1] == '/')
        base_len--;
    if ((size_t)snprintf(url, sizeof url, "%.*s%s", (int)base_len, base, path) >= sizeof url)
        return CURLE_URL_MALFORMAT;
    buf_reset(&es->reply, ES_REPLY_KEEP);
    es->errbuf[0] = '\0';
    curl_easy_setopt(es->curl, CURLOPT_URL, url);
    curl_easy_setopt(es->curl, CURLOPT_HTTPHEADER, es->id_headers ? es->id_headers : es->headers);
    curl_easy_setopt(es->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(es->curl, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(es->curl, CURLOPT_NOBODY, 1L);
        curl_easy_setopt(es->curl, CURLOPT_CUSTOMREQUEST, NULL);
        return curl_easy_perform(es->curl);
    }
    curl_easy_setopt(es->curl, CURLOPT_NOBODY, 0L);
    if (body) {
        curl_easy_setopt(es->curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(es->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    } else {
        curl_easy_setopt(es->curl, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(es->curl, CURLOPT_CUSTOMREQUEST, method);
    return curl_easy_perform(es->curl);
}

/* Transport failures that are the host's (false: ours, such as a reply too large for memory). */
static bool host_fault(CURLcode rc, enum engine_fault *fault)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR: *fault = ENGINE_REFUSED; return true;
    case CURLE_OPERATION_TIMEDOUT: *fault = ENGINE_TIMEOUT; return true;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: *fault = ENGINE_BROKEN; return true;
    default: return false;
    }
}

/* Appends "<url> <what happened>" of host to the failure message. */
static void note_host(struct buf *why, const struct es_host *host, const char *what)
{
    char url[CONFIG_HOST_URL_MAX + 1];

    config_host_public(host->url, url, sizeof url);
    buf_puts(why, why->len ? "; " : "");
    buf_puts(why, url);
    buf_putc(why, ' ');
    buf_puts(why, what);
}

/* Why a host that is failed or being probed was skipped, for the failure message. */
static void note_waiting(struct buf *why, const struct es_host *host, int64_t now)
{
    struct engine_view v;
    char text[160];

    engine_view(host->health, now, &v);
    if (v.state == ENGINE_FAILED)
        snprintf(text, sizeof text, "%s %.1f s ago; next try in %.1f s", v.last_fault,
                 (double)v.failed_ago_ms / 1000.0, (double)v.retry_in_ms / 1000.0);
    else
        snprintf(text, sizeof text, "%s %.1f s ago; another request is trying it", v.last_fault,
                 (double)v.failed_ago_ms / 1000.0);
    note_host(why, host, text);
}

/* Marks the host failed and says why in the failure message. */
static void fail_host(struct es_client *es, const struct es_host *host, enum engine_fault fault,
                      uint32_t detail, struct buf *why)
{
    char text[160];

    engine_failed(host->health, engine_clock_ms(), fault, detail, &es->backoff);
    engine_fault_text(fault, detail, text, sizeof text);
    note_host(why, host, text);
}

/* The outcome of one transfer for the host's health; returns whether another host may be asked. */
static bool judge(struct es_client *es, const struct es_host *host, CURLcode rc, long given_ms,
                  bool repeatable, struct buf *why)
{
    enum engine_fault fault;
    long status = 0;

    if (rc == CURLE_OK) {
        curl_easy_getinfo(es->curl, CURLINFO_RESPONSE_CODE, &status);
        if (!repeatable || (status != 429 && status != 502 && status != 503)) {
            engine_succeeded(host->health, status);
            return false;
        }
        fault = ENGINE_OVERLOAD;
    } else if (!host_fault(rc, &fault) || (fault == ENGINE_TIMEOUT && given_ms < TIMEOUT_EVIDENCE_MS)) {
        /* our own failure, or the request's budget cut the transfer short: nothing learnt about the host */
        engine_probe_release(host->health);
        return false;
    }
    fail_host(es, host, fault, fault == ENGINE_OVERLOAD ? (uint32_t)status : (uint32_t)given_ms, why);
    /* a write may go to another host only when it cannot have reached this one */
    return repeatable || fault == ENGINE_REFUSED || rc == CURLE_SEND_ERROR;
}

/*
 * The probe's first step: HEAD / within probe_timeout_ms. A frozen host then
 * costs this short wait instead of the request's whole budget (and nginx's
 * background refresh that happens to probe holds its client connection no
 * longer); a host that answers gets the request itself, whose outcome
 * decides. Returns whether to send it.
 */
static bool probe(struct es_client *es, const struct es_host *host, long given_ms, struct buf *why)
{
    long ms = es->cfg->es_probe_timeout_ms < given_ms ? es->cfg->es_probe_timeout_ms : given_ms;
    CURLcode rc = perform_on(es, host, ms, "HEAD", "/", NULL, 0);
    enum engine_fault fault = ENGINE_OVERLOAD;
    long status = 0;

    if (rc == CURLE_OK) {
        curl_easy_getinfo(es->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 200 && status <= 299)
            return true;
    } else if (!host_fault(rc, &fault)) {
        engine_probe_release(host->health);
        note_host(why, host, es->errbuf[0] ? es->errbuf : curl_easy_strerror(rc));
        return false;
    }
    fail_host(es, host, fault, fault == ENGINE_OVERLOAD ? (uint32_t)status : (uint32_t)ms, why);
    return false;
}

/* The failure of a request no host answered: what happened at each host, or that the budget ran out. */
static peba_err unavailable(struct es_client *es, CURLcode rc, bool tried, bool out_of_time, struct buf *why)
{
    if (es->reply.failed)
        return peba_fail(PEBA_E_BACKEND, "search engine reply too large");
    if (why->len && !why->failed)
        return peba_fail(PEBA_E_BACKEND, "search engine unavailable%s: %s%s",
                         tried ? "" : " (every host failed recently)", why->data,
                         out_of_time ? "; the request's time budget is used up" : "");
    if (out_of_time)
        return peba_fail(PEBA_E_BACKEND, "search engine time budget of %ld ms used up", es->budget_ms);
    return peba_fail(PEBA_E_BACKEND, "search engine unavailable: %s",
                     es->errbuf[0] ? es->errbuf : curl_easy_strerror(rc));
}

peba_err es_request(struct es_client *es, const char *method, const char *path, const char *body,
                    size_t body_len, long *status, const struct buf **reply)
{
    bool repeatable = idempotent(method, path), tried = false, out_of_time = false, again = true;
    CURLcode rc = CURLE_FAILED_INIT;
    struct buf why;
    peba_err err;

    buf_init(&why, 4096);
    es->requests++;
    es->last_latency_ms = 0; /* stays 0 when no host may be asked */
    for (int attempt = 0; attempt < es->host_count && again; attempt++) {
        int i = (es->current_host + attempt) % es->host_count;
        const struct es_host *host = &es->hosts[i];
        int64_t now = engine_clock_ms();
        long given = transfer_ms(es, now);
        enum engine_admission admission;
        double seconds = 0;

        if (given <= 0) {
            out_of_time = true;
            break;
        }
        admission = engine_admit(host->health, now, given + PROBE_SLACK_MS, &es->backoff);
        if (admission == ENGINE_WAIT) {
            note_waiting(&why, host, now);
            continue;
        }
        tried = true;
        if (admission == ENGINE_PROBE && !probe(es, host, given, &why))
            continue;
        given = transfer_ms(es, engine_clock_ms());
        rc = given > 0 ? perform_on(es, host, given, method, path, body, body_len) : CURLE_OPERATION_TIMEDOUT;
        curl_easy_getinfo(es->curl, CURLINFO_TOTAL_TIME, &seconds);
        es->last_latency_ms = seconds * 1000.0;
        es->totals.requests++;
        es->totals.latency_ms += es->last_latency_ms;
        out_of_time = rc == CURLE_OPERATION_TIMEDOUT && given < TIMEOUT_EVIDENCE_MS;
        again = judge(es, host, rc, given, repeatable, &why);
        if (rc == CURLE_OK && !again && !es->reply.failed) {
            es->current_host = i;
            buf_free(&why);
            curl_easy_getinfo(es->curl, CURLINFO_RESPONSE_CODE, status);
            *reply = &es->reply;
            return PEBA_OK;
        }
    }
    err = unavailable(es, rc, tried, out_of_time, &why);
    buf_free(&why);
    return err;
}

/*
 * The engine's error.reason (or type), for a one-line message. A refused
 * login or a missing privilege names the settings to check, since the
 * engine's own words (or a proxy's page) rarely do; neither ever holds the secret.
 */
static void engine_reason(const struct buf *reply, long status)
{
    cJSON *doc = cJSON_ParseWithLength(reply->data ? reply->data : "", reply->len);
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(doc, "error");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(error, "reason");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(error, "type");
    const char *text = cJSON_IsString(reason) ? reason->valuestring
                       : cJSON_IsString(type) ? type->valuestring
                                              : "no reason given";

    if (status == 401)
        peba_fail(
            PEBA_E_BACKEND,
            "search engine refused the credentials (401: %.160s): check [elasticsearch] username and password, "
            "or api_key",
            text);
    else if (status == 403)
        peba_fail(
            PEBA_E_BACKEND,
            "search engine denied access (403: %.160s): the [elasticsearch] user or api_key lacks a privilege",
            text);
    else
        peba_fail(PEBA_E_BACKEND, "search engine answered %ld: %.160s", status, text);
    cJSON_Delete(doc);
}

peba_err es_status_error(const struct buf *reply, long status)
{
    engine_reason(reply, status);
    return PEBA_E_BACKEND;
}

/* Sends text (may be NULL); a 2xx answer's text goes to *raw, any other status is a failure with the engine's reason. */
static peba_err send_text(struct es_client *es, const char *method, const char *path, const char *text,
                          size_t len, const struct buf **raw)
{
    long status = 0;
    peba_err err = es_request(es, method, path, text, len, &status, raw);

    if (err != PEBA_OK)
        return err;
    if (status < 200 || status > 299)
        return es_status_error(*raw, status);
    return PEBA_OK;
}

/* Sends text (may be NULL) and parses a 2xx JSON answer into *reply (NULL: discarded). */
static peba_err send_json(struct es_client *es, const char *method, const char *path, const char *text,
                          size_t len, cJSON **reply)
{
    const struct buf *raw;
    peba_err err = send_text(es, method, path, text, len, &raw);

    if (err != PEBA_OK || !reply)
        return err;
    *reply = cJSON_ParseWithLength(raw->data ? raw->data : "", raw->len);
    if (!*reply)
        return peba_fail(PEBA_E_BACKEND, "search engine sent a reply that is not JSON");
    return PEBA_OK;
}

peba_err es_json(struct es_client *es, const char *method, const char *path, const cJSON *body, cJSON **reply)
{
    char *text = NULL;
    peba_err err;

    if (body && !(text = cJSON_PrintUnformatted(body)))
        return PEBA_E_NOMEM;
    err = send_json(es, method, path, text, text ? strlen(text) : 0, reply);
    cJSON_free(text);
    return err;
}

/* The engine's own time of a search (-1: unknown), into the totals Server-Timing reports. */
static void count_took(struct es_client *es, long took_ms)
{
    es->last_took_ms = took_ms;
    es->totals.searches++;
    if (took_ms > 0)
        es->totals.took_ms += took_ms;
}

static void count_search(struct es_client *es, const cJSON *reply)
{
    const cJSON *took = cJSON_GetObjectItemCaseSensitive(reply, "took");

    count_took(es, cJSON_IsNumber(took) ? (long)es_number(took->valuedouble) : -1);
}

static peba_err search_path(const char *index, char path[ES_MAX_URL])
{
    if ((size_t)snprintf(path, ES_MAX_URL, "/%s/_search", index) >= ES_MAX_URL)
        return peba_fail(PEBA_E_BACKEND, "index expression too long");
    return PEBA_OK;
}

peba_err es_search(struct es_client *es, const char *index, const cJSON *query, cJSON **reply)
{
    char path[ES_MAX_URL];
    peba_err err = search_path(index, path);

    if (err == PEBA_OK)
        err = es_json(es, "POST", path, query, reply);
    if (err == PEBA_OK)
        count_search(es, *reply);
    return err;
}

/*
 * Reads a reply left as text for its "took" (-1 when it has none): the
 * engine writes it first, so the parse ends there.
 */
struct took_reader {
    int depth;
    bool at_took;
    long long ms;
};

static int took_key(void *ctx, const unsigned char *key, size_t len)
{
    struct took_reader *t = ctx;

    t->at_took = t->depth == 1 && len == 4 && memcmp(key, "took", 4) == 0;
    return 1;
}

static int took_integer(void *ctx, long long ms)
{
    struct took_reader *t = ctx;

    if (t->at_took)
        t->ms = ms;
    return !t->at_took; /* 0 ends the parse */
}

static int took_open(void *ctx)
{
    struct took_reader *t = ctx;

    t->depth++;
    t->at_took = false;
    return 1;
}

static int took_close(void *ctx)
{
    ((struct took_reader *)ctx)->depth--;
    return 1;
}

static long reply_took(const struct buf *text)
{
    static const yajl_callbacks calls = {
        .yajl_integer = took_integer,
        .yajl_start_map = took_open,
        .yajl_map_key = took_key,
        .yajl_end_map = took_close,
        .yajl_start_array = took_open,
        .yajl_end_array = took_close,
    };
    struct took_reader t = {0, false, -1};
    yajl_handle parser;

    if (!text->data || !(parser = yajl_alloc(&calls, NULL, &t)))
        return -1;
    yajl_parse(parser, (const unsigned char *)text->data, text->len);
    yajl_free(parser);
    return (long)t.ms;
}

peba_err es_search_text(struct es_client *es, const char *index, const cJSON *query, const struct buf **text)
{
    char path[ES_MAX_URL], *body;
    peba_err err = search_path(index, path);

    if (err != PEBA_OK)
        return err;
    if (!(body = cJSON_PrintUnformatted(query)))
        return PEBA_E_NOMEM;
    err = send_text(es, "POST", path, body, strlen(body), text);
    cJSON_free(body);
    if (err != PEBA_OK)
        return err;
    count_took(es, reply_took(*text));
    return PEBA_OK;
}

/* Moves the n replies of an _msearch answer into replies; the first failed search's reason on failure. */
static peba_err split_responses(cJSON *answer, size_t n, cJSON **replies)
{
    cJSON *responses = cJSON_GetObjectItemCaseSensitive(answer, "responses");
    size_t i = 0;

    if (!cJSON_IsArray(responses) || (size_t)cJSON_GetArraySize(responses) != n)
        return peba_fail(PEBA_E_BACKEND, "search engine sent an _msearch reply without %zu responses", n);
    for (cJSON *r = responses->child; r; r = r->next) {
        const cJSON *error = cJSON_GetObjectItemCaseSensitive(r, "error");

        if (error) {
            const cJSON *status = cJSON_GetObjectItemCaseSensitive(r, "status");
            const cJSON *reason = cJSON_GetObjectItemCaseSensitive(error, "reason");

            return peba_fail(PEBA_E_BACKEND, "search engine answered %lld: %.160s",
                             cJSON_IsNumber(status) ? es_number(status->valuedouble) : 0LL,
                             cJSON_IsString(reason) ? reason->valuestring : "no reason given");
        }
    }
    while (responses->child)
        replies[i++] = cJSON_DetachItemViaPointer(responses, responses->child);
    return PEBA_OK;
}

peba_err es_msearch(struct es_client *es, const char *index, const cJSON *const *queries, size_t n,
                    cJSON **replies)
{
    char path[ES_MAX_URL];
    struct buf body;
    cJSON *answer = NULL;
    peba_err err = PEBA_OK;

    if ((size_t)snprintf(path, sizeof path, "/%s/_msearch", index) >= sizeof path)
        return peba_fail(PEBA_E_BACKEND, "index expression too long");
    buf_init(&body, 0);
    /* newline-delimited: an empty header (the index is in the path), then the query, per search */
    for (size_t i = 0; i < n && err == PEBA_OK; i++) {
        char *text = cJSON_PrintUnformatted(queries[i]);

        if (!text)
            err = PEBA_E_NOMEM;
        else
            buf_printf(&body, "{}\n%s\n", text);
        cJSON_free(text);
    }
    if (err == PEBA_OK && body.failed)
        err = PEBA_E_NOMEM;
    if (err == PEBA_OK)
        err = send_json(es, "POST", path, body.data, body.len, &answer);
    if (err == PEBA_OK) {
        count_search(es, answer);
        err = split_responses(answer, n, replies);
    }
    cJSON_Delete(answer);
    buf_free(&body);
    return err;
}

long long es_number(double v)
{
    if (isnan(v))
        return 0;
    if (v >= 0x1p63)
        return LLONG_MAX;
    if (v <= -0x1p63)
        return LLONG_MIN;
    return (long long)v;
}

double es_last_latency_ms(const struct es_client *es)
{
    return es->last_latency_ms;
}

long es_last_took_ms(const struct es_client *es)
{
    return es->last_took_ms;
}

unsigned long es_request_count(const struct es_client *es)
{
    return es->requests;
}

struct es_totals es_totals(const struct es_client *es)
{
    return es->totals;
}

int es_host_count(const struct es_client *es)
{
    return es->host_count;
}

void es_host_view(const struct es_client *es, int i, char *url, size_t url_size, struct engine_view *view)
{
    config_host_public(es->hosts[i].url, url, url_size);
    engine_view(es->hosts[i].health, engine_clock_ms(), view);
}

bool es_health_shared(const struct es_client *es)
{
    return es->shared;
}
