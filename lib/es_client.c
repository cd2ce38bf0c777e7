/* es_client.c: libcurl transport to the search engine, with host fail-over and bounded timeouts. */
#include "es_client.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#define ES_MAX_URL 4096
#define ES_REPLY_KEEP (1u << 20) /* reply buffer capacity kept between requests */
#define ES_REPLY_LIMIT (512u << 20)

struct es_client {
    const struct peba_config *cfg;
    CURL *curl;
    struct curl_slist *headers;    /* sent with every request */
    struct curl_slist *id_headers; /* the same and X-Opaque-Id, while a request id is set */
    struct buf reply;
    int current_host;          /* the host that answered last; tried first */
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

struct es_client *es_client_new(const struct peba_config *cfg)
{
    struct es_client *es = calloc(1, sizeof *es);
    char header[512];

    if (!es)
        return NULL;
    es->cfg = cfg;
    buf_init(&es->reply, ES_REPLY_LIMIT);
    es->curl = curl_easy_init();
    if (!es->curl)
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
    curl_easy_setopt(es->curl, CURLOPT_CONNECTTIMEOUT_MS, cfg->es_connect_timeout_ms);
    curl_easy_setopt(es->curl, CURLOPT_TIMEOUT_MS, cfg->es_timeout_ms);
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
    free(es);
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

/* Failures where another host may answer: nothing reached the engine. */
static int try_next_host(CURLcode rc)
{
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
           rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SEND_ERROR;
}

static CURLcode perform_on(struct es_client *es, int host, const char *method, const char *path,
                           const char *body, size_t body_len)
{
    char url[ES_MAX_URL];
    const char *base = es->cfg->es_hosts[host];
    size_t base_len = strlen(base);

    if (base_len && base[base_len - 1] == '/')
        base_len--;
    if ((size_t)snprintf(url, sizeof url, "%.*s%s", (int)base_len, base, path) >= sizeof url)
        return CURLE_URL_MALFORMAT;
    buf_reset(&es->reply, ES_REPLY_KEEP);
    es->errbuf[0] = '\0';
    curl_easy_setopt(es->curl, CURLOPT_URL, url);
    curl_easy_setopt(es->curl, CURLOPT_HTTPHEADER, es->id_headers ? es->id_headers : es->headers);
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

peba_err es_request(struct es_client *es, const char *method, const char *path, const char *body,
                    size_t body_len, long *status, const struct buf **reply)
{
    CURLcode rc = CURLE_FAILED_INIT;
    int hosts = es->cfg->es_host_count;
    double seconds = 0;

    es->requests++;
    for (int attempt = 0; attempt < hosts; attempt++) {
        int host = (es->current_host + attempt) % hosts;

        rc = perform_on(es, host, method, path, body, body_len);
        if (rc == CURLE_OK) {
            es->current_host = host;
            break;
        }
        if (!try_next_host(rc))
            break;
    }
    curl_easy_getinfo(es->curl, CURLINFO_TOTAL_TIME, &seconds);
    es->last_latency_ms = seconds * 1000.0;
    es->totals.requests++;
    es->totals.latency_ms += es->last_latency_ms;
    if (rc != CURLE_OK)
        return peba_fail(PEBA_E_BACKEND, "search engine unavailable: %s",
                         es->errbuf[0] ? es->errbuf : curl_easy_strerror(rc));
    if (es->reply.failed)
        return peba_fail(PEBA_E_BACKEND, "search engine reply too large");
    curl_easy_getinfo(es->curl, CURLINFO_RESPONSE_CODE, status);
    *reply = &es->reply;
    return PEBA_OK;
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
        peba_fail(PEBA_E_BACKEND,
                  "search engine refused the credentials (401: %.160s): check [elasticsearch] username and password, "
                  "or api_key",
                  text);
    else if (status == 403)
        peba_fail(PEBA_E_BACKEND,
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

peba_err es_json(struct es_client *es, const char *method, const char *path, const cJSON *body,
                 cJSON **reply)
{
    char *text = NULL;
    const struct buf *raw;
    long status = 0;
    peba_err err;

    if (body && !(text = cJSON_PrintUnformatted(body)))
        return PEBA_E_NOMEM;
    err = es_request(es, method, path, text, text ? strlen(text) : 0, &status, &raw);
    cJSON_free(text);
    if (err != PEBA_OK)
        return err;
    if (status < 200 || status > 299) {
        engine_reason(raw, status);
        return PEBA_E_BACKEND;
    }
    if (!reply)
        return PEBA_OK;
    *reply = cJSON_ParseWithLength(raw->data ? raw->data : "", raw->len);
    if (!*reply)
        return peba_fail(PEBA_E_BACKEND, "search engine sent a reply that is not JSON");
    return PEBA_OK;
}

peba_err es_search(struct es_client *es, const char *index, const cJSON *query, cJSON **reply)
{
    char path[ES_MAX_URL];
    const cJSON *took;
    peba_err err;

    if ((size_t)snprintf(path, sizeof path, "/%s/_search", index) >= sizeof path)
        return peba_fail(PEBA_E_BACKEND, "index expression too long");
    err = es_json(es, "POST", path, query, reply);
    if (err != PEBA_OK)
        return err;
    took = cJSON_GetObjectItemCaseSensitive(*reply, "took");
    es->last_took_ms = cJSON_IsNumber(took) ? (long)es_number(took->valuedouble) : -1;
    es->totals.searches++;
    if (es->last_took_ms > 0)
        es->totals.took_ms += es->last_took_ms;
    return PEBA_OK;
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
