/*
 * handlers.h: the endpoint handlers, and the pure pieces they are made of
 * (query builders and reply mappers), exposed so unit tests can check them
 * against recorded search-engine replies.
 */
#ifndef PEBA_HANDLERS_H
#define PEBA_HANDLERS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "request.h"

/* Parameter indices into request.params, one enum per parameter list in routes.c. */
enum { COUNT_TIME };

/* Turns a search reply into the response body; the shape every search-backed endpoint shares. */
typedef peba_err (*reply_mapper)(const cJSON *reply, const struct request *req, struct buf *out);

/* h_infra.c */
peba_err handle_root(struct worker *w, const struct request *req, struct response *res);
peba_err handle_heartbeat(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_heartbeat(struct worker *w, const struct request *req, struct response *res);

/* h_counts.c: retrieveAlertsCount, retrieveAlertsCountWithType, retrieveAlertStats */
struct count_window {
    bool today;           /* time=day: since 00:00 UTC */
    long long minutes;    /* otherwise the last N minutes */
};
struct count_window count_window_of(const struct param_value *time);
int count_window_index_days(struct count_window win);
cJSON *alerts_count_query(struct count_window win, enum data_domain domain);
peba_err alerts_count_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *alerts_count_with_type_query(struct count_window win, enum data_domain domain);
peba_err alerts_count_with_type_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *alert_stats_query(enum data_domain domain);
peba_err alert_stats_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_alerts_count(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alerts_count_with_type(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_stats(struct worker *w, const struct request *req, struct response *res);

/* h_alerts.c: retrieveAlertsJson */
cJSON *alerts_json_query(enum data_domain domain);
peba_err alerts_json_map(const cJSON *reply, const struct request *req, struct buf *out);
/* The dashboard's requestString of one alert source (spec 7.7), as a new string (free()). */
char *alerts_json_request_string(const cJSON *source);
peba_err handle_alerts_json(struct worker *w, const struct request *req, struct response *res);

/* search.c: runs query (consumed) against `index_days` daily alert indices (0: all). */
peba_err search_alerts(struct worker *w, int index_days, cJSON *query, cJSON **reply);
/* search_alerts, then map the reply into res's body. */
peba_err search_and_map(struct worker *w, const struct request *req, struct response *res, int index_days,
                        cJSON *query, reply_mapper map);
/* The reply's aggregations.<path...> object (NULL-terminated names), or NULL. */
const cJSON *reply_agg(const cJSON *reply, ...);
/* An integer field of obj (doc_count and such), 0 when absent. */
long long json_count(const cJSON *obj, const char *name);
/* A string field of obj, or NULL when absent or not a string. */
const char *json_text(const cJSON *obj, const char *name);

#endif
