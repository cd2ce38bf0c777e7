/* h_infra.c: the routes that are not alert queries: /, /heartbeat and /alert/heartbeat. */
#include "h_infra.h"

#include <string.h>
#include <unistd.h>

#include "search.h"
#include "worker.h"
#include "xml_writer.h"

peba_err handle_root(struct worker *w, const struct request *req, struct response *res)
{
    const char *target = w->cfg.cors_origin;

    (void)req;
    res->status = 302;
    res->content_type = CT_HTML;
    response_header(res, "Location", target);
    buf_puts(
        &res->body,
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"");
    xml_escape(&res->body, target, strlen(target));
    buf_puts(&res->body, "\">");
    xml_escape(&res->body, target, strlen(target));
    buf_puts(&res->body, "</a>. If not, click the link.\n");
    return PEBA_OK;
}

peba_err handle_heartbeat(struct worker *w, const struct request *req, struct response *res)
{
    const struct buf *reply;
    long status = 0;
    peba_err err = es_request(w->es, "HEAD", "/", NULL, 0, &status, &reply);

    (void)req;
    if (err != PEBA_OK)
        return err;
    if (status < 200 || status > 299)
        return es_status_error(reply, status);
    res->content_type = CT_HTML;
    buf_puts(&res->body, "I'm alive");
    return PEBA_OK;
}

/*
 * "hosts": every configured host with its health as this machine's workers
 * see it ("shared": false when this worker keeps its own), and "breaker":
 * "open" when none may be asked now, so every uncached answer is a 503.
 */
static void add_hosts(struct worker *w, cJSON *out)
{
    cJSON *hosts = cJSON_AddArrayToObject(out, "hosts");
    bool any_usable = false;

    for (int i = 0; i < es_host_count(w->es); i++) {
        cJSON *host = cJSON_CreateObject();
        struct engine_view v;
        char url[CONFIG_HOST_URL_MAX + 1];

        es_host_view(w->es, i, url, sizeof url, &v);
        any_usable |= engine_usable(&v);
        cJSON_AddStringToObject(host, "url", url);
        cJSON_AddStringToObject(host, "state", engine_state_name(v.state));
        cJSON_AddNumberToObject(host, "failuresInARow", v.failures);
        cJSON_AddNumberToObject(host, "retryInMs", (double)v.retry_in_ms);
        cJSON_AddNumberToObject(host, "requests", (double)v.requests);
        cJSON_AddNumberToObject(host, "failures", (double)v.faults);
        if (v.last_fault[0]) {
            cJSON_AddStringToObject(host, "lastFailure", v.last_fault);
            cJSON_AddNumberToObject(host, "lastFailureAgoMs", (double)v.failed_ago_ms);
        }
        cJSON_AddItemToArray(hosts, host);
    }
    cJSON_AddStringToObject(out, "breaker", any_usable ? "closed" : "open");
    cJSON_AddBoolToObject(out, "shared", es_health_shared(w->es));
}

/* {"status":"up"|"down", "version":..., "latencyMs":...[, "error":...], hosts, breaker} for the engine. */
static bool probe_engine(struct worker *w, cJSON *out)
{
    cJSON *info = NULL;
    peba_err err = es_json(w->es, "GET", "/", NULL, &info);
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(info, "version");
    const char *number = json_text(version, "number");
    const char *distribution = json_text(version, "distribution");

    cJSON_AddStringToObject(out, "status", err == PEBA_OK ? "up" : "down");
    cJSON_AddNumberToObject(out, "latencyMs", (double)(long long)(es_last_latency_ms(w->es) * 1000) / 1000.0);
    if (err != PEBA_OK) {
        cJSON_AddStringToObject(out, "error", peba_reason(err));
    } else {
        cJSON_AddStringToObject(out, "version", number ? number : "unknown");
        cJSON_AddStringToObject(out, "distribution", distribution ? distribution : "elasticsearch");
        cJSON_AddStringToObject(out, "clusterName",
                                json_text(info, "cluster_name") ? json_text(info, "cluster_name") : "");
    }
    add_hosts(w, out);
    cJSON_Delete(info);
    return err == PEBA_OK;
}

static void probe_cache(struct worker *w, cJSON *out)
{
    char version[32] = "";
    double latency = 0;

    if (!w->cache) {
        cJSON_AddStringToObject(out, "status", "disabled");
        return;
    }
    if (cache_probe(w->cache, version, sizeof version, &latency)) {
        cJSON_AddStringToObject(out, "status", "up");
        cJSON_AddStringToObject(out, "version", version);
    } else {
        cJSON_AddStringToObject(out, "status", "down");
        /* with a pool, the others still serve: the workers' log names the server that failed */
        cJSON_AddStringToObject(
            out, "error",
            "a memcached server does not answer; its keys are served uncached or by the others");
    }
    cJSON_AddNumberToObject(out, "latencyMs", (double)(long long)(latency * 1000) / 1000.0);
}

peba_err handle_alert_heartbeat(struct worker *w, const struct request *req, struct response *res)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *worker = cJSON_AddObjectToObject(doc, "worker");
    bool engine_up = probe_engine(w, cJSON_AddObjectToObject(doc, "elasticsearch"));

    (void)req;
    probe_cache(w, cJSON_AddObjectToObject(doc, "memcached"));
    cJSON_AddNumberToObject(worker, "pid", (double)getpid());
    cJSON_AddNumberToObject(worker, "requests", (double)w->requests);
    cJSON_AddNumberToObject(worker, "cacheHits", (double)w->cache_hits);
    cJSON_AddNumberToObject(worker, "searchRequests", (double)es_request_count(w->es));
    cJSON_AddStringToObject(doc, "status", engine_up ? "ok" : "elasticsearch down");
    res->status = engine_up ? 200 : 503;
    return write_json_doc(&res->body, doc);
}
