/* h_getstats.c: getStats: pre-computed community ratio statistics read from the statistics index. */
#include "h_getstats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pyfloat.h"
#include "search.h"
#include "timeutil.h"
#include "worker.h"

#define STATS_MAX_HITS 5000           /* the original's page: some 200 days of hourly documents */
#define DEFAULT_WINDOW (24 * 60 * 60) /* gte absent: the last 24 hours */
#define RATIO_PREFIX "comm_"

/* The 16 peerType names ingest gives alerts (lib/classify.c), the only `values` the original looks up. */
const char *const getstats_types[] = {
    "E-Mail(mailoney)",
    "Industrial(conpot)",
    "Network(cisco-asa)",
    "Network(Dionaea)",
    "Network(glutton)",
    "Network(honeytrap)",
    "Network(suricata)",
    "Passwords(heralding)",
    "RDP(rdpy)",
    "SSH/console(cowrie)",
    "Service(ES)",
    "Service(emobility)",
    "Service(Medicine)",
    "VNC(vnclowpot)",
    "Webpage",
    "Unclassified",
    NULL,
};

/*
 * a [gte, lt) window (its defaults move with the clock: getstats_window) and the types whose
 * ratio columns to add; all decoded twice, as the original did
 */
static const struct param_spec getstats_specs[] = {
    [GETSTATS_GTE] = {.name = "gte", .validate = param_datetime_decoded_twice},
    [GETSTATS_LT] = {.name = "lt", .validate = param_datetime_decoded_twice},
    [GETSTATS_VALUES] = {.name = "values",
                         .validate = param_choice_list_decoded_twice,
                         .max_len = 512,
                         .choices = getstats_types},
};
const struct param_list getstats_params = PARAM_LIST(getstats_specs);

peba_err getstats_window(const struct param_value *gte, const struct param_value *lt, time_t now,
                         struct stats_window *win)
{
    win->gte = gte->present ? (time_t)gte->num : now - DEFAULT_WINDOW;
    win->lt = lt->present ? (time_t)lt->num : now;
    if (win->gte >= win->lt)
        return peba_fail(PEBA_E_BAD_REQUEST, "gte: must be earlier than lt (defaults: 24 hours ago, now)");
    return PEBA_OK;
}

/*
 * UTCtimeFrom in [gte, lt), as the parameter's name says: the original applied `lt` as an
 * inclusive bound, so a document at lt counted in two adjacent windows.
 */
cJSON *getstats_query(struct stats_window win, long long types)
{
    char gte[UTC_STAMP_LEN], lt[UTC_STAMP_LEN], field[64];
    cJSON *body = cJSON_CreateObject();
    cJSON *source;

    utc_format(win.gte, gte);
    utc_format(win.lt, lt);
    cJSON_AddNumberToObject(body, "from", 0);
    cJSON_AddNumberToObject(body, "size", STATS_MAX_HITS);
    esq_push(esq_object(esq_object(body, "query"), "bool"), "must", esq_range("UTCtimeFrom", gte, "lt", lt));
    cJSON_AddStringToObject(esq_object(esq_object(body, "sort"), "UTCtimeFrom"), "order", "asc");
    source = cJSON_AddArrayToObject(body, "_source");
    cJSON_AddItemToArray(source, cJSON_CreateString("UTCtimeFrom"));
    cJSON_AddItemToArray(source, cJSON_CreateString("UTCtimeTo"));
    cJSON_AddItemToArray(source, cJSON_CreateString(RATIO_PREFIX "totalRatio"));
    for (int i = 0; getstats_types[i]; i++) {
        if (!(types & (1LL << i)))
            continue;
        snprintf(field, sizeof field, RATIO_PREFIX "ratio_%s", getstats_types[i]);
        cJSON_AddItemToArray(source, cJSON_CreateString(field));
    }
    return body;
}

/* A copy of one hit's _source whose ratio numbers print as the original's Python floats (`7.0`). */
static cJSON *stats_row(const cJSON *source)
{
    cJSON *row = cJSON_Duplicate(source, true);
    cJSON *field = row ? row->child : NULL;

    while (field) {
        cJSON *next = field->next;
        char repr[PY_FLOAT_REPR_LEN];

        /* a number past the double range reads as infinity: it stays a number, written as null, never Infinity */
        if (cJSON_IsNumber(field) && isfinite(field->valuedouble) &&
            strncmp(field->string, RATIO_PREFIX, strlen(RATIO_PREFIX)) == 0) {
            cJSON *raw;

            python_float_repr(field->valuedouble, false, repr);
            if (!(raw = cJSON_CreateRaw(repr)) ||
                !cJSON_ReplaceItemInObjectCaseSensitive(row, field->string, raw)) {
                cJSON_Delete(raw);
                cJSON_Delete(row);
                return NULL;
            }
        }
        field = next;
    }
    return row;
}

peba_err getstats_map(const cJSON *reply, const struct request *req, struct buf *out)
{
    const cJSON *hits =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "hits");
    const cJSON *hit;
    cJSON *doc = cJSON_CreateObject();

    (void)req;
    cJSON_ArrayForEach(hit, hits) {
        const cJSON *source = cJSON_GetObjectItemCaseSensitive(hit, "_source");
        const char *from = json_text(source, "UTCtimeFrom");
        cJSON *row;

        if (!doc)
            break;
        if (!from)
            continue;
        if (!(row = stats_row(source))) {
            cJSON_Delete(doc);
            doc = NULL;
            break;
        }
        /* a later document of the same hour replaces the earlier one, as in the original */
        cJSON_DeleteItemFromObjectCaseSensitive(doc, from);
        cJSON_AddItemToObject(doc, from, row);
    }
    return write_json_doc(out, doc);
}

peba_err handle_get_stats(struct worker *w, const struct request *req, struct response *res)
{
    struct stats_window win;
    peba_err err = getstats_window(&req->params[GETSTATS_GTE], &req->params[GETSTATS_LT], req->now, &win);

    if (err != PEBA_OK)
        return err;
    err = search_named_index_and_map(w, req, res, w->cfg.statistic_index,
                                     getstats_query(win, req->params[GETSTATS_VALUES].num), getstats_map);
    skip_cache_when_empty(res);
    return err;
}
