/*
 * es_client.h: a small Elasticsearch/OpenSearch HTTP client on libcurl. One
 * client per worker keeps its connection alive between requests.
 *
 * Several hosts may be configured; each has a health (engine_health.h),
 * shared by the workers of a machine through host_state.h. A host that
 * refuses, breaks the connection, times out or (for a search) answers 429,
 * 502 or 503 is failed for a while, and the request moves on to the next
 * host that is not: a search, a GET or a HEAD always; any other request
 * only when nothing reached the engine (a refused connection), so a write is
 * never sent twice. When every host is failed the client answers at once
 * with PEBA_E_BACKEND and the reason (the breaker is open), except that one
 * request at a time, machine-wide, may probe a host whose wait is over.
 *
 * A request's budget (es_budget) bounds all its engine time: every transfer
 * gets what is left of it, at most [elasticsearch] timeout_ms.
 */
#ifndef PEBA_ES_CLIENT_H
#define PEBA_ES_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "config.h"
#include "engine_health.h"
#include "error.h"
#include "es_flavor.h"
#include "host_state.h"

struct es_client;

/*
 * Creates a client for cfg's hosts (cfg must outlive it) whose health lives
 * in hs (it must outlive the client; NULL: the client's own); NULL when out
 * of memory.
 */
struct es_client *es_client_new(const struct peba_config *cfg, struct host_state *hs);
void es_client_free(struct es_client *es);
/* The configuration the client was made with (its [elasticsearch] section holds the bulk retries too). */
const struct peba_config *es_config(const struct es_client *es);
/*
 * Sends id as X-Opaque-Id with every request until the next call (NULL: none),
 * so the engine's slow log and task list name the request that asked; id must
 * be a header-safe token (log_id_valid). False when out of memory (then none is sent).
 */
bool es_set_opaque_id(struct es_client *es, const char *id);

/*
 * Starts a budget of budget_ms for the engine requests that follow (a
 * route's, set by dispatch for each request); 0: none, each request may
 * take timeout_ms. Past it a request fails at once with PEBA_E_BACKEND.
 */
void es_budget(struct es_client *es, long budget_ms);

/*
 * Sends one request. path starts with '/' and is already URL-encoded; body
 * may be NULL (bodies are sent as application/json). Any HTTP answer is success: *status gets its code and *reply
 * points at the body, owned by the client and valid until the next request.
 * Transport failures (refused, timed out) give PEBA_E_BACKEND, after trying
 * the other hosts where that is safe (see above); so do 429, 502 and 503
 * answers to a search, GET or HEAD that no host answered better.
 */
peba_err es_request(struct es_client *es, const char *method, const char *path, const char *body,
                    size_t body_len, long *status, const struct buf **reply);

/*
 * POSTs query to /<index>/_search and parses the answer into *reply (free
 * with cJSON_Delete). index is an encoded index expression (es_query.h).
 * A non-2xx answer gives PEBA_E_BACKEND with the engine's reason.
 */
peba_err es_search(struct es_client *es, const char *index, const cJSON *query, cJSON **reply);

/*
 * Runs the n queries as one POST /<index>/_msearch (one round trip instead of
 * n); replies[i] gets the reply of query i (free each with cJSON_Delete). A
 * query the engine failed gives PEBA_E_BACKEND with its reason, and no replies.
 */
peba_err es_msearch(struct es_client *es, const char *index, const cJSON *const *queries, size_t n,
                    cJSON **replies);

/*
 * es_search whose reply stays text (*text, owned by the client, valid until
 * the next request): for replies too large to parse into a tree.
 */
peba_err es_search_text(struct es_client *es, const char *index, const cJSON *query, const struct buf **text);

/* PEBA_E_BACKEND with the reason of an answer that is not 2xx (status, its body reply), as es_json gives it. */
peba_err es_status_error(const struct buf *reply, long status);

/* Sends method path with a JSON body and parses a 2xx JSON answer (reply may be NULL to discard it). */
peba_err es_json(struct es_client *es, const char *method, const char *path, const cJSON *body,
                 cJSON **reply);

/* A reply's number as an integer: truncated, saturated at the long long range (a cast would be undefined), NaN 0. */
long long es_number(double v);

/* Milliseconds the last request took end to end, and the engine's own `took` of the last search. */
double es_last_latency_ms(const struct es_client *es);
long es_last_took_ms(const struct es_client *es);
/* Number of requests sent since start (the worker's stats). */
unsigned long es_request_count(const struct es_client *es);
/* Running totals since start; the difference of two snapshots times what happened in between. */
struct es_totals {
    unsigned long requests;
    unsigned long searches;
    double latency_ms; /* round trips, end to end */
    long long took_ms; /* the engine's own `took` of the searches */
};
struct es_totals es_totals(const struct es_client *es);

/* The configured hosts, for the heartbeat: URL (without credentials) and health of host i < es_host_count. */
int es_host_count(const struct es_client *es);
void es_host_view(const struct es_client *es, int i, char *url, size_t url_size, struct engine_view *view);
/* Whether the hosts' health is shared with the machine's other workers. */
bool es_health_shared(const struct es_client *es);

#endif
