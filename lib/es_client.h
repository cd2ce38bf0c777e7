/*
 * es_client.h: a small Elasticsearch/OpenSearch HTTP client on libcurl. One
 * client per worker keeps its connection alive between requests. Several
 * hosts may be configured: a connection failure moves on to the next one.
 */
#ifndef PEBA_ES_CLIENT_H
#define PEBA_ES_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "config.h"
#include "error.h"
#include "es_flavor.h"

struct es_client;

/* Creates a client for cfg's hosts (cfg must outlive it); NULL when out of memory. */
struct es_client *es_client_new(const struct peba_config *cfg);
void es_client_free(struct es_client *es);
/*
 * Sends id as X-Opaque-Id with every request until the next call (NULL: none),
 * so the engine's slow log and task list name the request that asked; id must
 * be a header-safe token (log_id_valid). False when out of memory (then none is sent).
 */
bool es_set_opaque_id(struct es_client *es, const char *id);

/*
 * Sends one request. path starts with '/' and is already URL-encoded; body
 * may be NULL (bodies are sent as application/json). Any HTTP answer is success: *status gets its code and *reply
 * points at the body, owned by the client and valid until the next request.
 * Transport failures (refused, timed out) give PEBA_E_BACKEND.
 */
peba_err es_request(struct es_client *es, const char *method, const char *path, const char *body,
                    size_t body_len, long *status, const struct buf **reply);

/*
 * POSTs query to /<index>/_search and parses the answer into *reply (free
 * with cJSON_Delete). index is an encoded index expression (es_query.h).
 * A non-2xx answer gives PEBA_E_BACKEND with the engine's reason.
 */
peba_err es_search(struct es_client *es, const char *index, const cJSON *query, cJSON **reply);

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
    double latency_ms;  /* round trips, end to end */
    long long took_ms;  /* the engine's own `took` of the searches */
};
struct es_totals es_totals(const struct es_client *es);

#endif
