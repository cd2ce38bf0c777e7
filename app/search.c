/* search.c: how handlers reach the alert indices, and small pieces their search bodies and replies share. */
#include "search.h"

#include <stdarg.h>
#include <string.h>

#include "json_writer.h"
#include "worker.h"

/*
 * The encoded expression of `index_days` daily alert indices, in path (the caller's, freed with
 * buf_free); NULL when out of memory. Each search builds its own: a few hundred bytes, beside an
 * engine round trip.
 */
static const char *alert_indices(const struct worker *w, int index_days, struct buf *path)
{
    buf_init(path, 0);
    esq_index_days(path, w->cfg.alert_index, index_days);
    return path->failed ? NULL : path->data;
}

peba_err search_alerts(struct worker *w, int index_days, cJSON *query, cJSON **reply)
{
    struct buf path;
    const char *index = alert_indices(w, index_days, &path);
    peba_err err = PEBA_E_NOMEM;

    if (query && index)
        err = es_search(w->es, index, query, reply);
    buf_free(&path);
    cJSON_Delete(query);
    return err;
}

peba_err search_alerts_multi(struct worker *w, int index_days, cJSON **queries, size_t n, cJSON **replies)
{
    struct buf path;
    const char *index = alert_indices(w, index_days, &path);
    peba_err err = index ? PEBA_OK : PEBA_E_NOMEM;

    for (size_t i = 0; i < n; i++)
        if (!queries[i])
            err = PEBA_E_NOMEM;
    if (err == PEBA_OK)
        err = es_msearch(w->es, index, (const cJSON *const *)queries, n, replies);
    buf_free(&path);
    for (size_t i = 0; i < n; i++)
        cJSON_Delete(queries[i]);
    return err;
}

static peba_err map_reply(peba_err err, cJSON **reply, const struct request *req, struct response *res,
                          reply_mapper map)
{
    if (err == PEBA_OK)
        err = map(*reply, req, &res->body);
    cJSON_Delete(*reply);
    return err;
}

peba_err search_and_map(struct worker *w, const struct request *req, struct response *res, int index_days,
                        cJSON *query, reply_mapper map)
{
    cJSON *reply = NULL;

    return map_reply(search_alerts(w, index_days, query, &reply), &reply, req, res, map);
}

peba_err search_named_index(struct worker *w, const char *index, cJSON *query, cJSON **reply)
{
    peba_err err = PEBA_E_NOMEM;
    struct buf path;

    buf_init(&path, 0);
    /* a single named index that does not exist yet holds no data, like an unmatched daily pattern */
    buf_printf(&path, "/%s/_search?ignore_unavailable=true", index);
    if (query && !path.failed)
        err = es_json(w->es, "POST", path.data, query, reply);
    buf_free(&path);
    cJSON_Delete(query);
    return err;
}

peba_err search_named_index_and_map(struct worker *w, const struct request *req, struct response *res,
                                    const char *index, cJSON *query, reply_mapper map)
{
    cJSON *reply = NULL;

    return map_reply(search_named_index(w, index, query, &reply), &reply, req, res, map);
}

peba_err composite_page(const cJSON *reply, const char *name, int page_size, bucket_visitor visit, void *ctx,
                        const cJSON **after)
{
    const cJSON *agg = reply_agg(reply, name, NULL);
    const cJSON *bucket;
    int n = 0;

    *after = NULL;
    cJSON_ArrayForEach(bucket, cJSON_GetObjectItemCaseSensitive(agg, "buckets")) {
        peba_err err = visit(bucket, ctx);

        if (err != PEBA_OK)
            return err;
        n++;
    }
    /* a short page is the last one: saves the empty round trip that would confirm it */
    if (n == page_size)
        *after = cJSON_GetObjectItemCaseSensitive(agg, "after_key");
    return PEBA_OK;
}

/* Makes query's composite aggregation continue after `after`. */
static bool continue_after(cJSON *composite, const cJSON *after)
{
    cJSON *copy = cJSON_Duplicate(after, true);

    cJSON_DeleteItemFromObjectCaseSensitive(composite, "after");
    return copy && cJSON_AddItemToObject(composite, "after", copy);
}

peba_err search_composite(struct worker *w, int index_days, cJSON *query, const char *name,
                          bucket_visitor visit, void *ctx)
{
    return search_composite_from(w, index_days, query, name, NULL, visit, ctx);
}

peba_err search_composite_from(struct worker *w, int index_days, cJSON *query, const char *name,
                               const cJSON *first, bucket_visitor visit, void *ctx)
{
    cJSON *composite = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(query, "aggs"), name), "composite");
    int page_size = (int)json_count(composite, "size");
    struct buf path;
    const char *index = alert_indices(w, index_days, &path);
    peba_err err = composite && index ? PEBA_OK : PEBA_E_NOMEM;
    bool more = err == PEBA_OK;

    while (more) {
        cJSON *fetched = NULL;
        const cJSON *reply = first, *after = NULL;

        if (!reply && (err = es_search(w->es, index, query, &fetched)) == PEBA_OK)
            reply = fetched;
        first = NULL;
        if (err == PEBA_OK)
            err = composite_page(reply, name, page_size, visit, ctx, &after);
        more = err == PEBA_OK && after;
        if (more && !continue_after(composite, after)) {
            err = PEBA_E_NOMEM;
            more = false;
        }
        cJSON_Delete(fetched);
    }
    buf_free(&path);
    cJSON_Delete(query);
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

    return cJSON_IsNumber(item) ? es_number(item->valuedouble) : 0;
}

const char *json_text(const cJSON *obj, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(item) ? item->valuestring : NULL;
}

cJSON *domain_aggs(cJSON *body, enum data_domain domain)
{
    cJSON *filter = esq_object(esq_object(body, "aggs"), "communityfilter");

    cJSON_AddItemToObject(filter, "filter", esq_domain_filter(domain));
    return esq_object(filter, "aggs");
}

peba_err write_json_doc(struct buf *out, cJSON *doc)
{
    bool ok = doc && json_write_body(out, doc);

    cJSON_Delete(doc);
    return ok ? PEBA_OK : PEBA_E_NOMEM;
}

void skip_cache_when_empty(struct response *res)
{
    if (res->body.len == 3 && memcmp(res->body.data, "{}\n", 3) == 0)
        res->cache_ttl = 0;
}
