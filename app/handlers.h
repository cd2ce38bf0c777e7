/*
 * handlers.h: the endpoint handlers, and the pure pieces they are made of
 * (query builders and reply mappers), exposed so unit tests can check them
 * against recorded search-engine replies.
 */
#ifndef PEBA_HANDLERS_H
#define PEBA_HANDLERS_H

#include <stdbool.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "ews_alert.h"
#include "ip_class.h"
#include "request.h"

/* Parameter indices into request.params, one enum per parameter list in routes.c. */
enum { COUNT_TIME };
enum { DATASET_DAYS };
enum { TOPC_MONTH_OFFSET, TOPC_TOPX };
enum { LATLON_OFFSET, LATLON_TOPX, LATLON_DIRECTION };
enum { TPOT_DAY };
enum { GETSTATS_GTE, GETSTATS_LT, GETSTATS_VALUES };
enum { TOPS_TYPE, TOPS_DAYS, TOPS_TOPX };
enum { SINGLE_IP };

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

/* h_dataset.c: datasetAlertsPerMonth, datasetAlertTypesPerMonth */
struct dataset_window {
    bool last_month;      /* days absent: since 00:00 UTC one calendar month ago */
    long long days;       /* otherwise since 00:00 UTC `days` days ago */
};
struct dataset_window dataset_window_of(const struct param_value *days);
int dataset_index_days(struct dataset_window win);
/* One UTC-day histogram over the window up to today; per_type adds the peerType split. */
cJSON *dataset_query(struct dataset_window win, enum data_domain domain, bool per_type);
peba_err alerts_per_month_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err alert_types_per_month_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_alerts_per_month(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alert_types_per_month(struct worker *w, const struct request *req, struct response *res);

/* h_geo_stats.c: topCountriesAttacks, retrieveLatLonAttacks; `now` dates the labels (UTC). */
cJSON *top_countries_query(long long month_offset, int topx, enum data_domain domain);
peba_err top_countries_render(const cJSON *reply, long long month_offset, time_t now, struct buf *out);
cJSON *latlon_query(long long offset_days, int topx, bool destination, enum data_domain domain);
peba_err latlon_render(const cJSON *reply, long long offset_days, time_t now, struct buf *out);
peba_err handle_top_countries(struct worker *w, const struct request *req, struct response *res);
peba_err handle_latlon(struct worker *w, const struct request *req, struct response *res);

/* h_tpot.c: TpotStats (always community data) */
enum tpot_scan { TPOT_NEW_DAEMONS, TPOT_OLD_DAEMONS, TPOT_NEW_TYPES, TPOT_OLD_TYPES, TPOT_SCANS };
struct tpot_stats {
    cJSON *doc;                                            /* the answer being built */
    cJSON *community, *alerts_per_type, *honeypots_per_type; /* parts of doc */
    long long alerts, honeypots, daemons;
    char *last_host;                                       /* host of the scan's previous bucket */
};
/* Q1: alerts of the UTC day starting at `day`, per type. */
cJSON *tpot_alerts_query(time_t day);
/* Q2..Q5: one composite aggregation of (host, peerIdent or peerType) pairs. */
cJSON *tpot_hosts_query(time_t day, enum tpot_scan scan);
bool tpot_stats_init(struct tpot_stats *st, time_t day);
void tpot_stats_free(struct tpot_stats *st);
peba_err tpot_read_alerts(const cJSON *reply, struct tpot_stats *st);
/* Bucket visitors of the scans (ctx: struct tpot_stats; last_host NULL at a scan's start). */
peba_err tpot_count_daemons(const cJSON *bucket, void *ctx);
peba_err tpot_count_types(const cJSON *bucket, void *ctx);
/* Adds the totals and writes the body; st->doc is consumed. */
peba_err tpot_write(struct tpot_stats *st, struct buf *out);
/* The route's TTL once the day is over; a short one while it still collects alerts. */
unsigned tpot_cache_ttl(time_t day, time_t now, unsigned route_ttl);
peba_err handle_tpot_stats(struct worker *w, const struct request *req, struct response *res);

/* h_getstats.c: getStats (statistics index, no data domain) */
struct stats_window {
    time_t gte, lt;       /* UTCtimeFrom in [gte, lt) */
};
/* The 16 peerType names `values` may list (NULL-terminated; bit i of the parsed value is name i). */
extern const char *const getstats_types[];
/* Defaults (the last 24 hours up to now) and the gte < lt check. */
peba_err getstats_window(const struct param_value *gte, const struct param_value *lt, time_t now,
                         struct stats_window *win);
cJSON *getstats_query(struct stats_window win, long long types);
peba_err getstats_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_get_stats(struct worker *w, const struct request *req, struct response *res);

/* h_tops.c: tops (no data domain: community and private mixed, H-24) */
enum tops_kind { TOPS_URLS, TOPS_PORTS };            /* the order of the `type` choices */
enum tops_span { TOPS_DAY, TOPS_WEEK, TOPS_MONTH };  /* the order of the `days` choices 1, 7, 28 */
struct tops_request {
    enum tops_kind kind;
    enum tops_span span;
    int topx;
};
struct tops_request tops_request_of(const struct request *req);
int tops_index_days(enum tops_span span);
cJSON *tops_query(struct tops_request t);
peba_err tops_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_tops(struct worker *w, const struct request *req, struct response *res);

/* h_feeds.c: the private feeds: retrieveIPs, retrieveIPs15m, retrieveAlertsCyber, querySingleIP */
struct ip_count {
    unsigned char addr[IP_ADDR_LEN];
    long long count;
};
struct ip_counts {                /* one growable array: 24 bytes an address */
    struct ip_count *items;
    size_t len, cap;
};
void ip_counts_free(struct ip_counts *list);
/* Alerts received since now - minutes, per sourceEntryIp, as a composite aggregation named "ips". */
cJSON *bad_ips_query(long minutes, time_t now, enum data_domain domain, int page_size);
/* bucket_visitor of that aggregation: keeps globally routable addresses in ctx (struct ip_counts). */
peba_err bad_ips_visit(const cJSON *bucket, void *ctx);
/* Most alerts first, ties by address (binary order, as the engine's terms order). */
void bad_ips_sort(struct ip_counts *list);
/* Writes the XML or JSON list; a streaming out is flushed as it fills. False when writing failed. */
bool bad_ips_write(const struct ip_counts *list, enum out_format format, struct buf *out);
cJSON *alerts_cyber_query(enum data_domain domain, long max_alerts);
peba_err alerts_cyber_map(const cJSON *reply, const struct request *req, struct buf *out);
cJSON *single_ip_query(const char *ip, enum data_domain domain, long max_alerts);
peba_err single_ip_map(const cJSON *reply, const struct request *req, struct buf *out);
peba_err handle_bad_ips(struct worker *w, const struct request *req, struct response *res);
peba_err handle_bad_ips_15m(struct worker *w, const struct request *req, struct response *res);
peba_err handle_alerts_cyber(struct worker *w, const struct request *req, struct response *res);
peba_err handle_single_ip(struct worker *w, const struct request *req, struct response *res);

/* h_ingest.c: postSimpleMessage; what became of each alert of a submission, and the Result body (spec 9.1) */
#define INGEST_LIST_MAX 50 /* rejected alerts named with their reason; the rest are counted */
enum ingest_state { INGEST_PENDING, INGEST_STORED, INGEST_NOT_STORED, INGEST_REJECTED };
struct ingest_outcome {
    size_t total;                  /* Alert elements, numbered from 0 in document order */
    unsigned char *state;          /* enum ingest_state of each */
    size_t listed;
    struct {
        size_t index;
        char reason[EWS_REASON_MAX];
    } rejected[INGEST_LIST_MAX];
    char failure[256];             /* the engine's first reason for an alert it did not store */
};
void ingest_outcome_init(struct ingest_outcome *o, size_t total);
void ingest_outcome_free(struct ingest_outcome *o);
void ingest_reject(struct ingest_outcome *o, size_t index, const char *reason);
void ingest_mark(struct ingest_outcome *o, size_t index, bool stored, const char *reason);
/* Appends <Result>..</Result> (no declaration, no newline); returns 503 if a valid alert was not stored, else 200. */
int ingest_result(const struct ingest_outcome *o, struct buf *out);
peba_err handle_post_simple_message(struct worker *w, const struct request *req, struct response *res);

/* search.c: runs query (consumed) against `index_days` daily alert indices (0: all). */
peba_err search_alerts(struct worker *w, int index_days, cJSON *query, cJSON **reply);
/* search_alerts, then map the reply into res's body. */
peba_err search_and_map(struct worker *w, const struct request *req, struct response *res, int index_days,
                        cJSON *query, reply_mapper map);
/* Runs query (consumed) against one named index such as the statistics index (not user input). */
peba_err search_named_index(struct worker *w, const char *index, cJSON *query, cJSON **reply);
/* search_named_index, then map the reply into res's body. */
peba_err search_named_index_and_map(struct worker *w, const struct request *req, struct response *res,
                                    const char *index, cJSON *query, reply_mapper map);
/* Takes one bucket of a composite aggregation page. */
typedef peba_err (*bucket_visitor)(const cJSON *bucket, void *ctx);
/*
 * Runs query (consumed), whose aggs.<name> is a composite aggregation, page
 * by page against `index_days` alert indices, handing every bucket to visit:
 * exact results however many buckets there are, within the engine's
 * search.max_buckets per page.
 */
peba_err search_composite(struct worker *w, int index_days, cJSON *query, const char *name,
                          bucket_visitor visit, void *ctx);
/* One page of that: visits reply's buckets; *after is the after_key when a full page may have a successor. */
peba_err composite_page(const cJSON *reply, const char *name, int page_size, bucket_visitor visit, void *ctx,
                        const cJSON **after);
/* The reply's aggregations.<path...> object (NULL-terminated names), or NULL. */
const cJSON *reply_agg(const cJSON *reply, ...);
/* An integer field of obj (doc_count and such), 0 when absent. */
long long json_count(const cJSON *obj, const char *name);
/* A string field of obj, or NULL when absent or not a string. */
const char *json_text(const cJSON *obj, const char *name);
/* body.aggs.communityfilter filtering the data domain (the original's layout); returns its aggs object. */
cJSON *domain_aggs(cJSON *body, enum data_domain domain);
/* Writes doc (NULL: out of memory) as the JSON body and frees it. */
peba_err write_json_doc(struct buf *out, cJSON *doc);
/* An empty `{}` answer stays uncached (the original cached getStats and tops only when they found data). */
void skip_cache_when_empty(struct response *res);

#endif
