/* h_geo_stats.c: where attacks come from and go to: topCountriesAttacks and retrieveLatLonAttacks. */
#include "h_geo_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "array_len.h"
#include "search.h"
#include "timeutil.h"

#define DAY_SECONDS 86400
#define DATE_MATH_MAX 32
#define LATLON_SEPARATOR " , " /* ingest stores location as "<lat> , <lon>", as the original did */

/* months back (ten years at most; `offset` is the name the original's README gave it), 1..100 countries */
static const struct param_spec top_countries_specs[] = {
    [TOPC_MONTH_OFFSET] =
        {.name = "monthOffset", .validate = param_int, .max = 120, .def = "0", .alias = "offset"},
    [TOPC_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 100, .def = "10"},
};
const struct param_list top_countries_params = PARAM_LIST(top_countries_specs);

static const char *const direction_words[] = {"src", "dst", NULL};

/* days back (a year at most), 1..100 locations, the attacker's or the honeypot's side */
static const struct param_spec latlon_specs[] = {
    [LATLON_OFFSET] = {.name = "offset", .validate = param_int, .max = 366, .def = "0"},
    [LATLON_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 100, .def = "10"},
    [LATLON_DIRECTION] = {.name = "direction",
                          .validate = param_choice,
                          .choices = direction_words,
                          .def = "src"},
};
const struct param_list latlon_params = PARAM_LIST(latlon_specs);

/* The attacker and the attacked side of topCountriesAttacks: one aggregation each. */
static const struct country_side {
    const char *agg; /* aggregation name in the search */
    const char *code_field;
    const char *name_field;
    const char *label; /* output key */
} country_sides[] = {
    {"attackers", "country", "countryName", "attacksPerCountry"},
    {"targets", "targetCountry", "targetCountryName", "attacksToTargetCountry"},
};

/* ES date math for the start of the unit (M, d) `back` units ago: "now/M", "now-2M/M". */
static void start_of(char out[DATE_MATH_MAX], long long back, char unit)
{
    if (back)
        snprintf(out, DATE_MATH_MAX, "now-%lld%c/%c", back, unit, unit);
    else
        snprintf(out, DATE_MATH_MAX, "now/%c", unit);
}

/* A count-free search over [gte, lt) of field: the whole unit `back` units ago, or (back 0) `recent` until now. */
static cJSON *window_body(const char *field, long long back, char unit, const char *recent)
{
    cJSON *body = cJSON_CreateObject();
    char gte[DATE_MATH_MAX], lt[DATE_MATH_MAX];

    if (back) {
        start_of(gte, back, unit);
        start_of(lt, back - 1, unit);
    } else {
        snprintf(gte, sizeof gte, "%s", recent);
        snprintf(lt, sizeof lt, "now");
    }
    cJSON_AddNumberToObject(body, "size", 0);
    cJSON_AddItemToObject(body, "query", esq_range(field, gte, "lt", lt));
    return body;
}

/* The biggest `topx` values of side's code field, each with the name from one of its alerts. */
static cJSON *country_agg(const struct country_side *side, int topx)
{
    cJSON *agg = esq_terms_agg(side->code_field, topx);
    cJSON *hit = esq_object(esq_object(esq_object(agg, "aggs"), "name"), "top_hits");

    cJSON_AddNumberToObject(hit, "size", 1);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(esq_object(hit, "_source"), "includes"),
                         cJSON_CreateString(side->name_field));
    return agg;
}

/* One search for both sides (the original sent two with the same range and filter). */
cJSON *top_countries_query(long long month_offset, int topx, enum data_domain domain)
{
    cJSON *body = window_body("recievedTime", month_offset, 'M', "now/M");
    cJSON *aggs = domain_aggs(body, domain);

    for (size_t i = 0; i < ARRAY_LEN(country_sides); i++)
        cJSON_AddItemToObject(aggs, country_sides[i].agg, country_agg(&country_sides[i], topx));
    return body;
}

static cJSON *country_list(const cJSON *reply, const struct country_side *side)
{
    const cJSON *buckets = reply_agg(reply, "communityfilter", side->agg, "buckets", NULL);
    cJSON *list = cJSON_CreateArray();
    const cJSON *bucket;

    cJSON_ArrayForEach(bucket, buckets) {
        const cJSON *hits = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bucket, "name"), "hits"),
            "hits");
        const char *name = json_text(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(hits, 0), "_source"),
                                     side->name_field);
        const char *code = json_text(bucket, "key");
        cJSON *entry;

        if (!code)
            continue;
        entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "code", code);
        cJSON_AddNumberToObject(entry, "count", (double)json_count(bucket, "doc_count"));
        cJSON_AddStringToObject(entry, "country", name ? name : "");
        cJSON_AddItemToArray(list, entry);
    }
    return list;
}

/* Each list stands on its own: the original blanked both when either was empty, hiding the other's data. */
peba_err top_countries_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    long long month_offset = req->params[TOPC_MONTH_OFFSET].num;
    cJSON *list = cJSON_CreateArray();
    cJSON *doc = cJSON_CreateObject();
    char month[16], id[24];

    cJSON_AddItemToArray(list, doc);
    for (size_t i = 0; i < ARRAY_LEN(country_sides); i++)
        cJSON_AddItemToObject(doc, country_sides[i].label, country_list(reply, &country_sides[i]));
    utc_strftime(utc_add_months(req->now, (int)-month_offset), "%Y-%m", month, sizeof month);
    cJSON_AddStringToObject(doc, "date", month);
    /* the original's id: the number 0 for this month, else the offset as text */
    if (month_offset) {
        snprintf(id, sizeof id, "%lld", month_offset);
        cJSON_AddStringToObject(doc, "id", id);
    } else {
        cJSON_AddNumberToObject(doc, "id", 0);
    }
    return write_json_doc(out, list);
}

peba_err handle_top_countries(struct worker *w, const struct request *req, struct response *res)
{
    cJSON *query =
        top_countries_query(req->params[TOPC_MONTH_OFFSET].num, (int)req->params[TOPC_TOPX].num, req->domain);

    return search_and_map(w, req, res, 0, query, top_countries_map);
}

cJSON *latlon_query(long long offset_days, int topx, bool destination, enum data_domain domain)
{
    cJSON *body = window_body("createTime", offset_days, 'd', "now-24h");

    cJSON_AddItemToObject(domain_aggs(body, domain), "topLocations",
                          esq_terms_agg(destination ? "locationDestination" : "location", topx));
    return body;
}

/* Appends bucket as {"count", "lat", "lng"}; a key that is not "<lat> , <lon>" is skipped. */
static bool add_point(cJSON *points, const cJSON *bucket)
{
    const char *key = json_text(bucket, "key");
    const char *sep = key ? strstr(key, LATLON_SEPARATOR) : NULL;
    char *lat;
    cJSON *point;

    if (!sep)
        return true;
    if (!(lat = strndup(key, (size_t)(sep - key))))
        return false;
    point = cJSON_CreateObject();
    cJSON_AddNumberToObject(point, "count", (double)json_count(bucket, "doc_count"));
    cJSON_AddStringToObject(point, "lat", lat);
    cJSON_AddStringToObject(point, "lng", sep + strlen(LATLON_SEPARATOR));
    cJSON_AddItemToArray(points, point);
    free(lat);
    return true;
}

peba_err latlon_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    long long offset_days = req->params[LATLON_OFFSET].num;
    const cJSON *buckets = reply_agg(reply, "communityfilter", "topLocations", "buckets", NULL);
    cJSON *list = cJSON_CreateArray();
    cJSON *doc = cJSON_CreateObject();
    cJSON *points = cJSON_AddArrayToObject(doc, "latLonAttacks");
    const cJSON *bucket;
    char since[16];

    cJSON_AddItemToArray(list, doc);
    cJSON_ArrayForEach(bucket, buckets) {
        if (!add_point(points, bucket)) {
            cJSON_Delete(list);
            return PEBA_E_NOMEM;
        }
    }
    utc_strftime(utc_day_start(req->now) - (time_t)offset_days * DAY_SECONDS, "%Y-%m-%d", since,
                 sizeof since);
    cJSON_AddStringToObject(doc, "statsSince", since);
    return write_json_doc(out, list);
}

peba_err handle_latlon(struct worker *w, const struct request *req, struct response *res)
{
    cJSON *query = latlon_query(req->params[LATLON_OFFSET].num, (int)req->params[LATLON_TOPX].num,
                                req->params[LATLON_DIRECTION].choice == 1, req->domain);

    return search_and_map(w, req, res, 0, query, latlon_map);
}
