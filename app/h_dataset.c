/* h_dataset.c: the dashboard's per-day series: datasetAlertsPerMonth and datasetAlertTypesPerMonth. */
#include "h_dataset.h"

#include <stdio.h>

#include "search.h"

#define TYPES_PER_DAY 1000 /* the original asked for the engine's default of 10 and lost the other types */
#define INDEX_DAYS_MAX 31  /* the original's limit: longer windows search every alert index */
#define DAY_KEY_FORMAT "yyyy-MM-dd HH:mm:ss" /* keys as the original's: "2024-05-01 00:00:00" */
/* Today's bucket ends the series; alerts dated in the future (wrong honeypot clocks) would
 * otherwise stretch it with empty days up to that date. */
#define WINDOW_END "now+1d/d"
#define LAST_DAY "now/d"

/* days back, a year at most; absent: one calendar month, which no number of days can say */
static const struct param_spec dataset_specs[] = {
    [DATASET_DAYS] = {.name = "days", .validate = param_int, .max = 366},
};
const struct param_list dataset_params = PARAM_LIST(dataset_specs);

struct dataset_window dataset_window_of(const struct param_value *days)
{
    struct dataset_window win = {.last_month = !days->present, .days = days->num};

    return win;
}

/* The daily indices to search, as the original chose them: the window's days plus today. */
int dataset_index_days(struct dataset_window win)
{
    if (win.last_month)
        return INDEX_DAYS_MAX + 1;
    return win.days <= INDEX_DAYS_MAX ? (int)win.days + 1 : 0;
}

cJSON *dataset_query(struct dataset_window win, enum data_domain domain, bool per_type)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *days, *histogram, *bounds;
    char start[32];

    if (win.last_month)
        snprintf(start, sizeof start, "now-1M/d");
    else
        snprintf(start, sizeof start, "now-%lldd/d", win.days);
    cJSON_AddNumberToObject(body, "size", 0);
    cJSON_AddItemToObject(body, "query", esq_range("createTime", start, "lt", WINDOW_END));
    days = esq_object(domain_aggs(body, domain), "days");
    histogram = esq_object(days, "date_histogram");
    cJSON_AddStringToObject(histogram, "field", "createTime");
    cJSON_AddStringToObject(histogram, "calendar_interval", "1d");
    cJSON_AddStringToObject(histogram, "time_zone", "UTC");
    cJSON_AddStringToObject(histogram, "format", DAY_KEY_FORMAT);
    /* every day of the window, also those without alerts (the original only filled inner gaps) */
    cJSON_AddNumberToObject(histogram, "min_doc_count", 0);
    bounds = esq_object(histogram, "extended_bounds");
    cJSON_AddStringToObject(bounds, "min", start);
    cJSON_AddStringToObject(bounds, "max", LAST_DAY);
    if (per_type)
        cJSON_AddItemToObject(esq_object(days, "aggs"), "types", esq_terms_agg("peerType", TYPES_PER_DAY));
    return body;
}

/* The value one day bucket contributes to the series. */
typedef cJSON *(*day_value)(const cJSON *bucket);

static cJSON *day_count(const cJSON *bucket)
{
    return cJSON_CreateNumber((double)json_count(bucket, "doc_count"));
}

static cJSON *day_types(const cJSON *bucket)
{
    const cJSON *types =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bucket, "types"), "buckets");
    cJSON *per_type = cJSON_CreateObject();
    const cJSON *type;

    cJSON_ArrayForEach(type, types) {
        const char *name = json_text(type, "key");

        if (name)
            cJSON_AddNumberToObject(per_type, name, (double)json_count(type, "doc_count"));
    }
    return per_type;
}

/*
 * [{"datasetAlertsPerMonth": {day: value, ...}}]; the writer's sorted keys put
 * the days in date order. No aggregations at all (no index of the window
 * exists) leaves the object empty, as the original did.
 */
static peba_err dataset_map(const cJSON *reply, day_value value, struct buf *out)
{
    const cJSON *buckets = reply_agg(reply, "communityfilter", "days", "buckets", NULL);
    cJSON *list = cJSON_CreateArray();
    cJSON *doc = cJSON_CreateObject();
    cJSON *series = cJSON_AddObjectToObject(doc, "datasetAlertsPerMonth");
    const cJSON *bucket;

    cJSON_AddItemToArray(list, doc);
    cJSON_ArrayForEach(bucket, buckets) {
        const char *day = json_text(bucket, "key_as_string");

        if (day)
            cJSON_AddItemToObject(series, day, value(bucket));
    }
    return write_json_doc(out, list);
}

peba_err alerts_per_month_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    (void)req;
    return dataset_map(reply, day_count, out);
}

/* The sibling endpoint's outer key: the original reused it, and the dashboard reads that name. */
peba_err alert_types_per_month_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    (void)req;
    return dataset_map(reply, day_types, out);
}

static peba_err handle_dataset(struct worker *w, const struct request *req, struct response *res,
                               bool per_type)
{
    struct dataset_window win = dataset_window_of(&req->params[DATASET_DAYS]);

    return search_and_map(w, req, res, dataset_index_days(win), dataset_query(win, req->domain, per_type),
                          per_type ? alert_types_per_month_map : alerts_per_month_map);
}

peba_err handle_alerts_per_month(struct worker *w, const struct request *req, struct response *res)
{
    return handle_dataset(w, req, res, false);
}

peba_err handle_alert_types_per_month(struct worker *w, const struct request *req, struct response *res)
{
    return handle_dataset(w, req, res, true);
}
