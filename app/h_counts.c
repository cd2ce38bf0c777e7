/* h_counts.c: alert counts over recent windows: retrieveAlertsCount, ...CountWithType, retrieveAlertStats. */
#include "h_counts.h"

#include <stdio.h>

#include "array_len.h"
#include "search.h"
#include "xml_writer.h"

#define TYPES_AGG_SIZE 1000 /* the original asked for the engine's default of 10 and lost the other types */

static const char *const day_word[] = {"day", NULL};

/* minutes back (a year at most) or `day`: since 00:00 UTC */
static const struct param_spec count_specs[] = {
    [COUNT_TIME] = {.name = "time",
                    .validate = param_int_or_choice,
                    .max = 525600,
                    .choices = day_word,
                    .required = true},
};
const struct param_list count_params = PARAM_LIST(count_specs);

struct count_window count_window_of(const struct param_value *time)
{
    struct count_window win = {.today = time->choice == 0, .minutes = time->num};

    return win;
}

int count_window_index_days(struct count_window win)
{
    if (win.today)
        return 1;
    return win.minutes <= 46080 ? (int)(win.minutes / 1440) + 2 : 0;
}

static cJSON *window_range(struct count_window win)
{
    char span[32];

    if (win.today)
        snprintf(span, sizeof span, "now/d");
    else
        snprintf(span, sizeof span, "now-%lldm", win.minutes);
    return esq_range("recievedTime", span, NULL, NULL);
}

cJSON *alerts_count_query(struct count_window win, enum data_domain domain)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *bool_q = esq_object(esq_object(body, "query"), "bool");

    cJSON_AddNumberToObject(body, "size", 0);
    esq_track_total(body);
    esq_push(bool_q, "must", esq_domain_filter(domain));
    esq_push(bool_q, "filter", window_range(win));
    return body;
}

peba_err alerts_count_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    long long total = es_hits_total(reply);

    if (total < 0)
        return peba_fail(PEBA_E_BACKEND, "search engine reply has no hits.total");
    if (req->format == FORMAT_JSON) {
        buf_printf(out, "{\"AlertCount\":%lld}\n", total);
    } else {
        struct xml_writer w;

        xml_begin(&w, out, "EWSSimpleIPInfo");
        xml_leaf_int(&w, "AlertCount", total);
        xml_end(&w);
    }
    return PEBA_OK;
}

cJSON *alerts_count_with_type_query(struct count_window win, enum data_domain domain)
{
    cJSON *body = cJSON_CreateObject();

    cJSON_AddNumberToObject(body, "size", 0);
    cJSON_AddItemToObject(body, "query", window_range(win));
    cJSON_AddItemToObject(domain_aggs(body, domain), "honeypotTypes",
                          esq_terms_agg("peerType", TYPES_AGG_SIZE));
    return body;
}

peba_err alerts_count_with_type_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    const cJSON *filter = reply_agg(reply, "communityfilter", NULL);
    const cJSON *buckets = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(filter, "honeypotTypes"), "buckets");
    const cJSON *bucket;
    cJSON *doc, *per_type;

    (void)req; /* no aggregations at all: no index matched, which is zero alerts */
    doc = cJSON_CreateObject();
    per_type = cJSON_AddObjectToObject(doc, "AlertCountPerType");
    cJSON_ArrayForEach(bucket, buckets) {
        const char *type = json_text(bucket, "key");

        if (type)
            cJSON_AddNumberToObject(per_type, type, (double)json_count(bucket, "doc_count"));
    }
    cJSON_AddNumberToObject(doc, "AlertCountTotal", (double)json_count(filter, "doc_count"));
    return write_json_doc(out, doc);
}

static const struct {
    const char *key;
    const char *from;
    const char *label;
} stat_ranges[] = {
    {"1d", "now-1440m", "AlertsLast24Hours"},
    {"1h", "now-60m", "AlertsLastHour"},
    {"5m", "now-5m", "AlertsLast5Minutes"},
    {"1m", "now-1m", "AlertsLastMinute"},
};

cJSON *alert_stats_query(enum data_domain domain)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *range;

    cJSON_AddNumberToObject(body, "size", 0);
    range = esq_object(esq_object(domain_aggs(body, domain), "ctr"), "range");
    cJSON_AddStringToObject(range, "field", "recievedTime");
    cJSON_AddTrueToObject(range, "keyed");
    for (size_t i = 0; i < ARRAY_LEN(stat_ranges); i++) {
        cJSON *r = esq_push(range, "ranges", cJSON_CreateObject());

        cJSON_AddStringToObject(r, "key", stat_ranges[i].key);
        cJSON_AddStringToObject(r, "from", stat_ranges[i].from);
    }
    return body;
}

/* Buckets are matched by key, not position: the original relied on an order the engine does not promise. */
peba_err alert_stats_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    const cJSON *buckets = reply_agg(reply, "communityfilter", "ctr", "buckets", NULL);
    cJSON *doc;

    (void)req; /* no buckets at all: no index matched, which is zero alerts */
    doc = cJSON_CreateObject();
    for (size_t i = 0; i < ARRAY_LEN(stat_ranges); i++) {
        const cJSON *bucket = cJSON_GetObjectItemCaseSensitive(buckets, stat_ranges[i].key);

        cJSON_AddNumberToObject(doc, stat_ranges[i].label, (double)json_count(bucket, "doc_count"));
    }
    return write_json_doc(out, doc);
}

peba_err handle_alerts_count(struct worker *w, const struct request *req, struct response *res)
{
    struct count_window win = count_window_of(&req->params[COUNT_TIME]);

    return search_and_map(w, req, res, count_window_index_days(win), alerts_count_query(win, req->domain),
                          alerts_count_map);
}

peba_err handle_alerts_count_with_type(struct worker *w, const struct request *req, struct response *res)
{
    struct count_window win = count_window_of(&req->params[COUNT_TIME]);

    return search_and_map(w, req, res, count_window_index_days(win),
                          alerts_count_with_type_query(win, req->domain), alerts_count_with_type_map);
}

peba_err handle_alert_stats(struct worker *w, const struct request *req, struct response *res)
{
    return search_and_map(w, req, res, 2, alert_stats_query(req->domain), alert_stats_map);
}
