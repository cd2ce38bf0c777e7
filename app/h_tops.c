/* h_tops.c: tops: the most frequent attacked URLs or destination ports, each with its time line. */
#include "h_tops.h"

#include <stdio.h>

#include "search.h"
#include "timeutil.h"

static const char *const tops_types[] = {"urls", "destports", NULL};
static const char *const tops_days[] = {"1", "7", "28", NULL};

/* URLs or destination ports, over 1, 7 or 28 days, 1..30 of them */
static const struct param_spec tops_specs[] = {
    [TOPS_TYPE] = {.name = "type", .validate = param_choice, .choices = tops_types, .required = true},
    [TOPS_DAYS] = {.name = "days", .validate = param_choice, .choices = tops_days, .def = "1"},
    [TOPS_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 30, .def = "10"},
};
const struct param_list tops_params = PARAM_LIST(tops_specs);

/*
 * Per `days`: window start and the histogram's bounds as
 * engine date math (the original computed the same instants as text), the
 * step (calendar_interval/fixed_interval: `interval` is gone in ES 8), and
 * the daily indices searched.
 */
static const struct {
    const char *min, *max;
    const char *interval_kind, *interval;
    int index_days;
} spans[] = {
    [TOPS_DAY] = {"now-1d", "now", "calendar_interval", "1h", 2},
    [TOPS_WEEK] = {"now/d-6d", "now/d", "fixed_interval", "6h", 8},
    [TOPS_MONTH] = {"now/d-27d", "now/d", "calendar_interval", "1d", 0},
};

/* No clientDomain filter: tops mixes community and private data, as the original did (docs/api.md). */
static const struct {
    const char *agg; /* the original's aggregation names */
    const char *field;
    const char *peer_type; /* NULL: every type */
} kinds[] = {
    [TOPS_URLS] = {"url", "originalRequestString", "Webpage"},
    [TOPS_PORTS] = {"ports", "targetEntryPort", NULL},
};

struct tops_request tops_request_of(const struct request *req)
{
    struct tops_request t = {
        .kind = (enum tops_kind)req->params[TOPS_TYPE].choice,
        .span = (enum tops_span)req->params[TOPS_DAYS].choice,
        .topx = (int)req->params[TOPS_TOPX].num,
    };

    return t;
}

int tops_index_days(enum tops_span span)
{
    return spans[span].index_days;
}

cJSON *tops_query(struct tops_request t)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *top = esq_terms_agg(kinds[t.kind].field, t.topx);
    cJSON *histogram = esq_object(esq_object(esq_object(top, "aggs"), "range"), "date_histogram");
    cJSON *bool_q, *bounds;

    cJSON_AddNumberToObject(body, "size", 0);
    bool_q = esq_object(esq_object(body, "query"), "bool");
    esq_push(bool_q, "must", esq_range("recievedTime", spans[t.span].min, NULL, NULL));
    if (kinds[t.kind].peer_type)
        esq_push(bool_q, "must", esq_term("peerType", kinds[t.kind].peer_type));
    cJSON_AddItemToObject(esq_object(body, "aggs"), kinds[t.kind].agg, top);
    cJSON_AddStringToObject(histogram, "field", "recievedTime");
    cJSON_AddStringToObject(histogram, spans[t.span].interval_kind, spans[t.span].interval);
    cJSON_AddNumberToObject(histogram, "min_doc_count", 0);
    bounds = esq_object(histogram, "extended_bounds");
    cJSON_AddStringToObject(bounds, "min", spans[t.span].min);
    cJSON_AddStringToObject(bounds, "max", spans[t.span].max);
    return body;
}

/* {"<YYYY-MM-DD HH:MM:SS>": count, ..., "total": n} of one top bucket. */
static cJSON *time_line(const cJSON *bucket)
{
    const cJSON *steps =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bucket, "range"), "buckets");
    const cJSON *step;
    cJSON *line = cJSON_CreateObject();

    cJSON_ArrayForEach(step, steps) {
        char stamp[UTC_STAMP_LEN];

        utc_format((time_t)(json_count(step, "key") / 1000), stamp);
        cJSON_AddNumberToObject(line, stamp, (double)json_count(step, "doc_count"));
    }
    if (!cJSON_AddNumberToObject(line, "total", (double)json_count(bucket, "doc_count"))) {
        cJSON_Delete(line);
        return NULL;
    }
    return line;
}

/* A URL as it is; a port as text even if a mapping made it a number. */
static const char *bucket_name(const cJSON *bucket, char *num, size_t size)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(bucket, "key");

    if (cJSON_IsNumber(key)) {
        snprintf(num, size, "%lld", es_number(key->valuedouble));
        return num;
    }
    return cJSON_IsString(key) ? key->valuestring : NULL;
}

peba_err tops_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    const cJSON *bucket;
    cJSON *doc = cJSON_CreateObject();

    cJSON_ArrayForEach(bucket, reply_agg(reply, kinds[tops_request_of(req).kind].agg, "buckets", NULL)) {
        char num[24];
        const char *name = bucket_name(bucket, num, sizeof num);
        cJSON *line;

        if (!doc)
            break;
        if (!name)
            continue;
        if (!(line = time_line(bucket)) || !cJSON_AddItemToObject(doc, name, line)) {
            cJSON_Delete(line);
            cJSON_Delete(doc);
            doc = NULL;
        }
    }
    return write_json_doc(out, doc);
}

peba_err handle_tops(struct worker *w, const struct request *req, struct response *res)
{
    struct tops_request t = tops_request_of(req);
    peba_err err = search_and_map(w, req, res, tops_index_days(t.span), tops_query(t), tops_map);

    skip_cache_when_empty(res);
    return err;
}
