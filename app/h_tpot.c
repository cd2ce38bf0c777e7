/* h_tpot.c: TpotStats: alerts, T-Pot installations and daemons of the community on one UTC day. */
#include "h_tpot.h"

#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "search.h"
#include "timeutil.h"

#define DAY_SECONDS 86400
#define TYPES_AGG_SIZE 1000   /* the original's size for the per-type alert counts */
#define HOSTS_PAGE_SIZE 10000 /* composite page: far below search.max_buckets (65535 on OpenSearch 2) */
#define OPEN_DAY_TTL 60       /* a day still collecting alerts is cached briefly, not for 28 days */
#define HOSTS_AGG "hosts"

static const struct param_spec tpot_specs[] = {
    [TPOT_DAY] = {.name = "day", .validate = param_compact_day, .required = true},
};
const struct param_list tpot_params = PARAM_LIST(tpot_specs);

/*
 * The four installation scans that follow the alert count, the original's
 * second to fifth searches. T-Pots reporting a hostname are told apart by it,
 * older ones (hostname "undefined") by their target IP. The original nested
 * terms aggregations of size 100000 that the engine's bucket limit rejects,
 * and its sub-aggregation kept the engine's default of 10 daemons per host,
 * so busy hosts were undercounted; a composite aggregation pages through every
 * (host, detail) pair instead.
 */
static const struct {
    bool by_target_ip;
    const char *detail; /* peerIdent: daemons; peerType: installations per type */
    bucket_visitor visit;
} host_scans[TPOT_SCANS] = {
    [TPOT_NEW_DAEMONS] = {false, "peerIdent", tpot_count_daemons},
    [TPOT_OLD_DAEMONS] = {true, "peerIdent", tpot_count_daemons},
    [TPOT_NEW_TYPES] = {false, "peerType", tpot_count_types},
    [TPOT_OLD_TYPES] = {true, "peerType", tpot_count_types},
};

/* The day's first and last second, both inclusive as the original. */
static void day_bounds(time_t day, char from[UTC_STAMP_LEN], char to[UTC_STAMP_LEN])
{
    utc_format(day, from);
    utc_format(day + DAY_SECONDS - 1, to);
}

static cJSON *day_range(time_t day)
{
    char from[UTC_STAMP_LEN], to[UTC_STAMP_LEN];

    day_bounds(day, from, to);
    return esq_range("recievedTime", from, "lte", to);
}

cJSON *tpot_alerts_query(time_t day)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *bool_q;

    cJSON_AddNumberToObject(body, "size", 0);
    esq_track_total(body);
    bool_q = esq_object(esq_object(body, "query"), "bool");
    esq_push(bool_q, "must", day_range(day));
    esq_push(bool_q, "must", esq_domain_filter(DOMAIN_COMMUNITY));
    cJSON_AddItemToObject(esq_object(body, "aggs"), "peerType", esq_terms_agg("peerType", TYPES_AGG_SIZE));
    return body;
}

static cJSON *exists(const char *field)
{
    cJSON *q = cJSON_CreateObject();

    cJSON_AddStringToObject(cJSON_AddObjectToObject(q, "exists"), "field", field);
    return q;
}

/* {name: {"terms": {"field": field[, "missing_bucket": true]}}}: one composite source. */
static cJSON *composite_source(const char *name, const char *field, bool missing_bucket)
{
    cJSON *source = cJSON_CreateObject();
    cJSON *terms = esq_object(esq_object(source, name), "terms");

    cJSON_AddStringToObject(terms, "field", field);
    if (missing_bucket)
        cJSON_AddTrueToObject(terms, "missing_bucket");
    return source;
}

cJSON *tpot_hosts_query(time_t day, enum tpot_scan scan)
{
    bool old = host_scans[scan].by_target_ip;
    cJSON *body = cJSON_CreateObject();
    cJSON *bool_q, *composite;

    cJSON_AddNumberToObject(body, "size", 0);
    bool_q = esq_object(esq_object(body, "query"), "bool");
    composite = esq_object(esq_object(esq_object(body, "aggs"), HOSTS_AGG), "composite");
    esq_push(bool_q, "must", esq_domain_filter(DOMAIN_COMMUNITY));
    esq_push(bool_q, "must", exists("hostname"));
    if (old)
        esq_push(bool_q, "must", esq_term("hostname", "undefined"));
    esq_push(bool_q, "must_not", esq_term("hostname", old ? "" : "undefined"));
    cJSON_AddItemToObject(bool_q, "filter", day_range(day));
    cJSON_AddNumberToObject(composite, "size", HOSTS_PAGE_SIZE);
    esq_push(composite, "sources", composite_source("host", old ? "targetEntryIp" : "hostname", false));
    /* a host whose alerts all lack a peerIdent is still an installation; the type visitor skips the null */
    esq_push(composite, "sources", composite_source("detail", host_scans[scan].detail, true));
    return body;
}

bool tpot_stats_init(struct tpot_stats *st, time_t day)
{
    char from[UTC_STAMP_LEN], to[UTC_STAMP_LEN];

    memset(st, 0, sizeof *st);
    day_bounds(day, from, to);
    st->doc = cJSON_CreateObject();
    cJSON_AddStringToObject(st->doc, "UTCtimeFrom", from);
    cJSON_AddStringToObject(st->doc, "UTCtimeTo", to);
    st->community = cJSON_AddObjectToObject(st->doc, "communityHoneypots");
    st->alerts_per_type = cJSON_AddObjectToObject(st->community, "numberAlertsPerType");
    st->honeypots_per_type = cJSON_AddObjectToObject(st->community, "numberHoneypotsPerType");
    return st->honeypots_per_type != NULL;
}

void tpot_stats_free(struct tpot_stats *st)
{
    cJSON_Delete(st->doc);
    free(st->last_host);
    memset(st, 0, sizeof *st);
}

peba_err tpot_read_alerts(const cJSON *reply, struct tpot_stats *st)
{
    const cJSON *bucket;

    st->alerts = es_hits_total(reply);
    if (st->alerts < 0)
        return peba_fail(PEBA_E_BACKEND, "search engine reply has no hits.total");
    cJSON_ArrayForEach(bucket, reply_agg(reply, "peerType", "buckets", NULL)) {
        const char *type = json_text(bucket, "key");

        if (type &&
            !cJSON_AddNumberToObject(st->alerts_per_type, type, (double)json_count(bucket, "doc_count")))
            return PEBA_E_NOMEM;
    }
    return PEBA_OK;
}

/* The bucket's key.<name> text, or NULL (a missing detail, or a non-string key). */
static const char *bucket_key(const cJSON *bucket, const char *name)
{
    return json_text(cJSON_GetObjectItemCaseSensitive(bucket, "key"), name);
}

peba_err tpot_count_daemons(const cJSON *bucket, void *ctx)
{
    struct tpot_stats *st = ctx;
    const char *host = bucket_key(bucket, "host");

    if (!host)
        return PEBA_OK;
    /* buckets come sorted by host, across pages too: a new host starts a new installation */
    if (!st->last_host || strcmp(st->last_host, host) != 0) {
        free(st->last_host);
        if (!(st->last_host = strdup(host)))
            return PEBA_E_NOMEM;
        st->honeypots++;
    }
    if (bucket_key(bucket, "detail"))
        st->daemons++;
    return PEBA_OK;
}

peba_err tpot_count_types(const cJSON *bucket, void *ctx)
{
    struct tpot_stats *st = ctx;
    const char *type = bucket_key(bucket, "detail");
    cJSON *count;

    if (!type)
        return PEBA_OK;
    count = cJSON_GetObjectItemCaseSensitive(st->honeypots_per_type, type);
    if (count)
        cJSON_SetNumberValue(count, count->valuedouble + 1);
    else if (!cJSON_AddNumberToObject(st->honeypots_per_type, type, 1))
        return PEBA_E_NOMEM;
    return PEBA_OK;
}

/* One scan from its first page; the previous scan's last host is forgotten (hostnames and target IPs are separate sets). */
static peba_err run_scan(struct worker *w, time_t day, enum tpot_scan scan, const cJSON *first,
                         struct tpot_stats *st)
{
    free(st->last_host);
    st->last_host = NULL;
    return search_composite_from(w, 0, tpot_hosts_query(day, scan), HOSTS_AGG, first, host_scans[scan].visit,
                                 st);
}

peba_err tpot_write(struct tpot_stats *st, struct buf *out)
{
    cJSON *doc = st->doc;

    cJSON_AddNumberToObject(st->community, "totalNumberAlerts", (double)st->alerts);
    cJSON_AddNumberToObject(st->community, "totalNumberDaemons", (double)st->daemons);
    cJSON_AddNumberToObject(st->community, "totalNumberHoneypots", (double)st->honeypots);
    st->doc = NULL;
    return write_json_doc(out, doc);
}

unsigned tpot_cache_ttl(time_t day, time_t now, unsigned route_ttl)
{
    return day + DAY_SECONDS <= now || route_ttl < OPEN_DAY_TTL ? route_ttl : OPEN_DAY_TTL;
}

/* The five searches go as one _msearch: one round trip instead of five; only scans with more pages ask again. */
peba_err handle_tpot_stats(struct worker *w, const struct request *req, struct response *res)
{
    time_t day = (time_t)req->params[TPOT_DAY].num;
    cJSON *queries[1 + TPOT_SCANS] = {tpot_alerts_query(day)}, *replies[1 + TPOT_SCANS] = {NULL};
    struct tpot_stats st;
    bool ready = tpot_stats_init(&st, day);
    peba_err err;

    for (int scan = 0; scan < TPOT_SCANS; scan++)
        queries[1 + scan] = tpot_hosts_query(day, (enum tpot_scan)scan);
    err = search_alerts_multi(w, 0, queries, ARRAY_LEN(queries), replies);
    if (err == PEBA_OK && !ready)
        err = PEBA_E_NOMEM;
    if (err == PEBA_OK)
        err = tpot_read_alerts(replies[0], &st);
    for (int scan = 0; scan < TPOT_SCANS && err == PEBA_OK; scan++)
        err = run_scan(w, day, (enum tpot_scan)scan, replies[1 + scan], &st);
    if (err == PEBA_OK)
        err = tpot_write(&st, &res->body);
    for (size_t i = 0; i < ARRAY_LEN(replies); i++)
        cJSON_Delete(replies[i]);
    tpot_stats_free(&st);
    res->cache_ttl = tpot_cache_ttl(day, req->now, res->cache_ttl);
    return err;
}
