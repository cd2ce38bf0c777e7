/* h_metrics.c: GET /metrics: requests, latencies, caches, engine hosts, ingest and workers, for Prometheus. */
#include "h_metrics.h"

#include <stdio.h>

#include "array_len.h"
#include "prom_text.h"
#include "worker.h"

#define LABEL(name, value) ((struct prom_label){(name), (value)})

/* The route label of metrics slot r: the route's path, "other" for paths no route has; NULL for an unused slot. */
static const char *slot_route(size_t r)
{
    const struct route *route = route_at(r);

    if (route)
        return route->path;
    return r == METRICS_NO_ROUTE ? "other" : NULL;
}

static void write_requests(struct buf *out, const struct metrics_area *m)
{
    prom_family(
        out, "peba_http_requests_total", "counter",
        "Requests the workers answered, by route (its path; other: a path no route has) and status code "
        "(other: one peba does not answer). nginx's cache hits never reach a worker.");
    for (size_t r = 0; r < METRICS_ROUTES; r++) {
        for (size_t s = 0; slot_route(r) && s < METRICS_STATUSES; s++) {
            uint64_t n = atomic_load_explicit(&m->requests[r][s], memory_order_relaxed);
            char code[16];

            if (!n)
                continue;
            if (metrics_status_code(s))
                snprintf(code, sizeof code, "%d", metrics_status_code(s));
            else
                snprintf(code, sizeof code, "other");
            prom_sample(out, "peba_http_requests_total",
                        (struct prom_label[]){LABEL("route", slot_route(r)), LABEL("code", code)}, 2,
                        (double)n);
        }
    }
}

/* One histogram family, one histogram per route that has observations. */
static void write_times(struct buf *out, const char *name, const char *help,
                        const struct metrics_histogram *per_route)
{
    double bounds[METRICS_BUCKETS];

    for (size_t i = 0; i < METRICS_BUCKETS; i++)
        bounds[i] = metrics_bucket_seconds(i);
    prom_family(out, name, "histogram", help);
    for (size_t r = 0; r < METRICS_ROUTES; r++) {
        const struct metrics_histogram *h = &per_route[r];
        uint64_t counts[METRICS_BUCKETS + 1], total = 0;

        for (size_t i = 0; i <= METRICS_BUCKETS; i++) {
            counts[i] = atomic_load_explicit(&h->counts[i], memory_order_relaxed);
            total += counts[i];
        }
        if (total && slot_route(r))
            prom_histogram(out, name, &LABEL("route", slot_route(r)), 1, bounds, counts, METRICS_BUCKETS,
                           (double)atomic_load_explicit(&h->sum_us, memory_order_relaxed) / 1e6);
    }
}

static void write_cache(struct buf *out, const struct metrics_area *m)
{
    static const char *const results[] = {"miss", "hit"};

    prom_family(out, "peba_cache_requests_total", "counter",
                "Lookups of answers in memcached, by route and result. nginx's cache in front of the workers "
                "reports its own in its access log ($upstream_cache_status) and X-Cache-Status.");
    for (size_t r = 0; r < METRICS_ROUTES; r++) {
        uint64_t n[2];

        for (size_t i = 0; i < 2; i++)
            n[i] = atomic_load_explicit(&m->cache[r][i], memory_order_relaxed);
        for (size_t i = 0; (n[0] || n[1]) && slot_route(r) && i < 2; i++)
            prom_sample(out, "peba_cache_requests_total",
                        (struct prom_label[]){LABEL("layer", "memcached"), LABEL("route", slot_route(r)),
                                              LABEL("result", results[i])},
                        3, (double)n[i]);
    }
}

struct host {
    char url[CONFIG_HOST_URL_MAX + 1]; /* without credentials */
    struct engine_view view;
};

static void write_engine(struct buf *out, const struct es_client *es)
{
    static const enum engine_state states[] = {ENGINE_HEALTHY, ENGINE_FAILED, ENGINE_ON_TRIAL,
                                               ENGINE_PROBING};
    struct host hosts[CONFIG_MAX_HOSTS];
    int n = es_host_count(es);
    bool usable = false;

    for (int i = 0; i < n; i++) {
        es_host_view(es, i, hosts[i].url, sizeof hosts[i].url, &hosts[i].view);
        usable |= engine_usable(&hosts[i].view);
    }
    prom_family(out, "peba_engine_requests_total", "counter",
                "Requests sent to each search-engine host (answered or failed).");
    for (int i = 0; i < n; i++)
        prom_sample(out, "peba_engine_requests_total", &LABEL("host", hosts[i].url), 1,
                    (double)hosts[i].view.requests);
    prom_family(
        out, "peba_engine_failures_total", "counter",
        "Requests a search-engine host failed, by reason: refused (no connection), timeout, broken "
        "(the connection broke), overload (429, 502 or 503 to a search). Each fails the host for a while.");
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ENGINE_FAULT_KINDS; k++)
            prom_sample(out, "peba_engine_failures_total",
                        (struct prom_label[]){LABEL("host", hosts[i].url),
                                              LABEL("reason", engine_fault_name((enum engine_fault)k))},
                        2, (double)hosts[i].view.faults_by_kind[k]);
    prom_family(out, "peba_engine_error_answers_total", "counter",
                "Answers of 400 or more from a search-engine host that did not fail it (a refused query, a "
                "missing index).");
    for (int i = 0; i < n; i++)
        prom_sample(out, "peba_engine_error_answers_total", &LABEL("host", hosts[i].url), 1,
                    (double)hosts[i].view.error_answers);
    prom_family(
        out, "peba_engine_host_state", "gauge",
        "1 for the state each search-engine host is in: healthy, failed (waiting), on trial (the next "
        "request probes it), probing.");
    for (int i = 0; i < n; i++)
        for (size_t s = 0; s < ARRAY_LEN(states); s++)
            prom_sample(out, "peba_engine_host_state",
                        (struct prom_label[]){LABEL("host", hosts[i].url),
                                              LABEL("state", engine_state_name(states[s]))},
                        2, hosts[i].view.state == states[s]);
    prom_family(
        out, "peba_engine_breaker_open", "gauge",
        "1 while no search-engine host may be asked: requests that need the engine answer 503 at once.");
    prom_sample(out, "peba_engine_breaker_open", NULL, 0, !usable);
}

static void write_ingest(struct buf *out, const struct metrics_area *m)
{
    static const char *const outcomes[] = {
        [METRICS_STORED] = "stored", [METRICS_REJECTED] = "rejected", [METRICS_NOT_STORED] = "not_stored"};

    prom_family(
        out, "peba_ingest_alerts_total", "counter",
        "Alerts of ingest messages by outcome: stored, rejected (invalid), not_stored (the engine failed).");
    for (size_t i = 0; i < METRICS_INGEST_OUTCOMES; i++)
        prom_sample(out, "peba_ingest_alerts_total", &LABEL("outcome", outcomes[i]), 1,
                    (double)atomic_load_explicit(&m->ingest[i], memory_order_relaxed));
}

/* A family of one sample without labels. */
static void write_single(struct buf *out, const char *name, const char *type, const char *help, double value)
{
    prom_family(out, name, type, help);
    prom_sample(out, name, NULL, 0, value);
}

static void write_workers(struct buf *out, const struct metrics_area *m, bool shared)
{
    write_single(out, "peba_worker_starts_total", "counter", "Worker processes started.",
                 (double)atomic_load_explicit(&m->worker_starts, memory_order_relaxed));
    write_single(out, "peba_worker_exits_total", "counter",
                 "Worker processes that ended by themselves (stopped). Started minus ended minus running: "
                 "the workers that died (killed, crashed) and were replaced.",
                 (double)atomic_load_explicit(&m->worker_exits, memory_order_relaxed));
    write_single(out, "peba_workers", "gauge", "Worker processes running now.",
                 (double)metrics_live_workers(m));
    write_single(out, "peba_metrics_shared", "gauge",
                 "1: these are the counters of every worker of the machine; 0: of the answering worker only "
                 "([server] state_dir empty or unusable).",
                 shared);
    write_single(out, "peba_metrics_start_time_seconds", "gauge",
                 "When the counters began (unix time): the shared state's creation.",
                 (double)atomic_load_explicit(&m->created, memory_order_relaxed));
}

void metrics_page(const struct metrics_area *m, const struct es_client *es, bool shared, struct buf *out)
{
    write_requests(out, m);
    write_times(out, "peba_http_request_duration_seconds",
                "Time in the worker from a request's arrival to the last byte handed to nginx, by route.",
                m->request_time);
    write_times(out, "peba_engine_request_duration_seconds",
                "Time of the search-engine round trips of a request that reached the engine, by route.",
                m->engine_time);
    write_cache(out, m);
    write_engine(out, es);
    write_ingest(out, m);
    write_workers(out, m, shared);
}

peba_err handle_metrics(struct worker *w, const struct request *req, struct response *res)
{
    (void)req;
    res->content_type = CT_PROMETHEUS;
    metrics_page(w->metrics, w->es, host_state_shared(w->hosts), &res->body);
    return PEBA_OK;
}
