/* search.c: how handlers reach the alert indices, and small readers for search replies. */
#include <stdarg.h>

#include "handlers.h"

peba_err search_alerts(struct worker *w, int index_days, cJSON *query, cJSON **reply)
{
    peba_err err;

    if (!query)
        return PEBA_E_NOMEM;
    buf_reset(&w->scratch, 1u << 16);
    esq_index_days(&w->scratch, w->cfg.alert_index, index_days);
    err = w->scratch.failed ? PEBA_E_NOMEM : es_search(w->es, w->scratch.data, query, reply);
    cJSON_Delete(query);
    return err;
}

peba_err search_and_map(struct worker *w, const struct request *req, struct response *res, int index_days,
                        cJSON *query, reply_mapper map)
{
    cJSON *reply = NULL;
    peba_err err = search_alerts(w, index_days, query, &reply);

    if (err == PEBA_OK)
        err = map(reply, req, &res->body);
    cJSON_Delete(reply);
    return err;
}

const cJSON *reply_agg(const cJSON *reply, ...)
{
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(reply, "aggregations");
    const char *name;
    va_list ap;

    va_start(ap, reply);
    while (node && (name = va_arg(ap, const char *)))
        node = cJSON_GetObjectItemCaseSensitive(node, name);
    va_end(ap);
    return node;
}

long long json_count(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsNumber(item) ? (long long)item->valuedouble : 0;
}

const char *json_text(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(item) ? item->valuestring : NULL;
}
