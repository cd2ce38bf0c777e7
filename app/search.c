/* search.c: how handlers reach the alert indices, and small pieces their search bodies and replies share. */
#include "search.h"

#include <stdarg.h>
#include <string.h>

#include <yajl/yajl_parse.h>

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

/* The type of field in one index's (or mapping type's) "mappings" object, or NULL when it has none. */
static const char *field_type(const cJSON *mappings, const char *field)
{
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(mappings, field);

    return json_text(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "mapping"), field), "type");
}

bool mapping_type_is(const cJSON *reply, const char *field, const char *type)
{
    const cJSON *index;

    if (!cJSON_IsObject(reply))
        return false;
    cJSON_ArrayForEach(index, reply) {
        const cJSON *mappings = cJSON_GetObjectItemCaseSensitive(index, "mappings"), *nested;
        const char *t = field_type(mappings, field);

        if (!cJSON_IsObject(mappings))
            return false;
        if (t && strcmp(t, type) != 0)
            return false;
        if (t)
            continue;
        /* Elasticsearch 6: {"mappings": {"<type>": {"<field>": ...}}} */
        cJSON_ArrayForEach(nested, mappings) {
            t = field_type(nested, field);
            if (t && strcmp(t, type) != 0)
                return false;
        }
    }
    return true;
}

peba_err search_field_type_is(struct worker *w, int index_days, const char *field, const char *type,
                              bool *same)
{
    struct buf path;
    cJSON *reply = NULL;
    peba_err err = PEBA_E_NOMEM;

    *same = false;
    buf_init(&path, 0);
    buf_putc(&path, '/');
    esq_index_days(&path, w->cfg.alert_index, index_days);
    buf_printf(&path, "/_mapping/field/%s", field);
    if (!path.failed)
        err = es_json(w->es, "GET", path.data, NULL, &reply);
    if (err == PEBA_OK)
        *same = mapping_type_is(reply, field, type);
    cJSON_Delete(reply);
    buf_free(&path);
    return err;
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

/* Reads one page of a composite aggregation: its buckets to the reader's visitor, *after the key to go on from (NULL: it was the last). */
typedef peba_err (*page_reader)(struct worker *w, const char *index, const cJSON *query, int page_size,
                                void *reader, cJSON **after);

/*
 * Walks the pages of query's composite aggregation `name` over the alert
 * indices of index_days, each read by read_page, each next one asked for
 * after the key the last one ended on. Consumes query.
 */
static peba_err walk_composite(struct worker *w, int index_days, cJSON *query, const char *name,
                               page_reader read_page, void *reader)
{
    cJSON *composite = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(query, "aggs"), name), "composite");
    int page_size = (int)json_count(composite, "size");
    struct buf path;
    const char *index = alert_indices(w, index_days, &path);
    peba_err err = composite && index ? PEBA_OK : PEBA_E_NOMEM;
    cJSON *after = NULL;

    while (err == PEBA_OK && (err = read_page(w, index, query, page_size, reader, &after)) == PEBA_OK &&
           after) {
        cJSON_DeleteItemFromObjectCaseSensitive(composite, "after");
        if (!cJSON_AddItemToObject(composite, "after", after)) {
            cJSON_Delete(after);
            err = PEBA_E_NOMEM;
        }
    }
    buf_free(&path);
    cJSON_Delete(query);
    return err;
}

/* The pages parsed into trees, the first perhaps already at hand. */
struct tree_pages {
    const char *name;
    const cJSON *first;
    bucket_visitor visit;
    void *ctx;
};

static peba_err read_tree_page(struct worker *w, const char *index, const cJSON *query, int page_size,
                               void *reader, cJSON **after)
{
    struct tree_pages *t = reader;
    cJSON *fetched = NULL;
    const cJSON *reply = t->first, *key = NULL;
    peba_err err = PEBA_OK;

    if (!reply && (err = es_search(w->es, index, query, &fetched)) == PEBA_OK)
        reply = fetched;
    t->first = NULL;
    if (err == PEBA_OK)
        err = composite_page(reply, t->name, page_size, t->visit, t->ctx, &key);
    *after = NULL;
    if (err == PEBA_OK && key && !(*after = cJSON_Duplicate(key, true)))
        err = PEBA_E_NOMEM;
    cJSON_Delete(fetched);
    return err;
}

peba_err search_composite(struct worker *w, int index_days, cJSON *query, const char *name,
                          bucket_visitor visit, void *ctx)
{
    return search_composite_from(w, index_days, query, name, NULL, visit, ctx);
}

peba_err search_composite_from(struct worker *w, int index_days, cJSON *query, const char *name,
                               const cJSON *first, bucket_visitor visit, void *ctx)
{
    struct tree_pages t = {name, first, visit, ctx};

    return walk_composite(w, index_days, query, name, read_tree_page, &t);
}

#define COMPOSITE_KEY_MAX 256 /* longer keys are no plain keys (an address has at most 45 characters) */

/*
 * Where the reader of a composite page stands: the containers that lead to a
 * bucket's key and count or to the after_key. Every other value is skipped.
 */
enum page_place { AT_OUTSIDE, AT_TOP, AT_AGGS, AT_AGG, AT_BUCKETS, AT_BUCKET, AT_KEY, AT_AFTER };
static const enum page_place page_parent[] = {
    [AT_TOP] = AT_OUTSIDE,    [AT_AGGS] = AT_TOP,   [AT_AGG] = AT_AGGS,  [AT_BUCKETS] = AT_AGG,
    [AT_BUCKET] = AT_BUCKETS, [AT_KEY] = AT_BUCKET, [AT_AFTER] = AT_AGG,
};
/* The scalar members the reader takes. */
enum page_member { MEMBER_OTHER, MEMBER_COUNT, MEMBER_SOURCE };

/* One page as yajl's callbacks see it: each bucket handed to visit when it closes. */
struct page_reader {
    const char *name, *source;
    key_count_visitor visit;
    void *ctx;
    enum page_place place, next; /* next: where the value of the member just named leads */
    enum page_member member;
    size_t skipped;              /* depth inside a value of no interest */
    char key[COMPOSITE_KEY_MAX]; /* this bucket's key.<source>, when plain */
    bool plain, counted;
    long long count;
    int buckets;
    char after[COMPOSITE_KEY_MAX]; /* after_key.<source>, when plain */
    bool has_after, after_plain;
    peba_err err;
};

static bool named(const unsigned char *text, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(text, name, len) == 0;
}

/* Ends the parse: the engine's fault. */
static int page_fault(struct page_reader *r, const char *what)
{
    r->err = peba_fail(PEBA_E_BACKEND, "search engine sent a composite page %s", what);
    return 0;
}

static int page_key(void *ctx, const unsigned char *text, size_t len)
{
    struct page_reader *r = ctx;

    r->next = AT_OUTSIDE;
    r->member = MEMBER_OTHER;
    if (r->skipped)
        return 1;
    if (r->place == AT_TOP && named(text, len, "aggregations"))
        r->next = AT_AGGS;
    else if (r->place == AT_AGGS && named(text, len, r->name))
        r->next = AT_AGG;
    else if (r->place == AT_AGG && named(text, len, "buckets"))
        r->next = AT_BUCKETS;
    else if (r->place == AT_AGG && named(text, len, "after_key"))
        r->next = AT_AFTER;
    else if (r->place == AT_BUCKET && named(text, len, "key"))
        r->next = AT_KEY;
    else if (r->place == AT_BUCKET && named(text, len, "doc_count"))
        r->member = MEMBER_COUNT;
    else if ((r->place == AT_KEY || r->place == AT_AFTER) && named(text, len, r->source))
        r->member = MEMBER_SOURCE;
    return 1;
}

/* Any value begins: false (the parse ends) where its type is wrong for the page's layout. */
static bool page_value(struct page_reader *r, bool object, bool array)
{
    if (r->skipped)
        return true;
    if (r->place == AT_BUCKETS && !object)
        return page_fault(r, "with a bucket that is no object");
    if (r->next == AT_BUCKETS && !array)
        return page_fault(r, "whose buckets are no list");
    return true;
}

/* A container opens: entered when it leads on, else skipped whole. */
static int page_open(struct page_reader *r, bool object)
{
    if (!page_value(r, object, !object))
        return 0;
    if (r->skipped) {
        r->skipped++;
    } else if (r->place == AT_OUTSIDE && object) {
        r->place = AT_TOP;
    } else if (r->place == AT_BUCKETS) {
        r->place = AT_BUCKET;
        r->plain = r->counted = false;
    } else if (r->next != AT_OUTSIDE && object == (r->next != AT_BUCKETS)) {
        r->place = r->next;
        r->has_after |= r->place == AT_AFTER;
    } else {
        r->skipped = 1;
    }
    r->next = AT_OUTSIDE;
    r->member = MEMBER_OTHER;
    return 1;
}

static int page_close(void *ctx)
{
    struct page_reader *r = ctx;

    if (r->skipped) {
        r->skipped--;
        return 1;
    }
    if (r->place == AT_BUCKET) {
        if (!r->counted)
            return page_fault(r, "with a bucket without its count");
        if ((r->err = r->visit(r->plain ? r->key : NULL, r->count, r->ctx)) != PEBA_OK)
            return 0;
        r->buckets++;
    }
    r->place = page_parent[r->place];
    return 1;
}

static int page_open_map(void *ctx)
{
    return page_open(ctx, true);
}

static int page_open_array(void *ctx)
{
    return page_open(ctx, false);
}

static int page_scalar(void *ctx)
{
    return page_value(ctx, false, false);
}

static int page_boolean(void *ctx, int value)
{
    (void)value;
    return page_scalar(ctx);
}

static int page_double(void *ctx, double value)
{
    (void)value;
    return page_scalar(ctx);
}

static int page_integer(void *ctx, long long value)
{
    struct page_reader *r = ctx;

    if (!r->skipped && r->member == MEMBER_COUNT) {
        r->count = value;
        r->counted = true;
    }
    return page_scalar(r);
}

/* A string to out (COMPOSITE_KEY_MAX bytes), NUL-terminated; false when it is too long or holds a NUL. */
static bool plain_key(const unsigned char *text, size_t len, char *out)
{
    if (len >= COMPOSITE_KEY_MAX || memchr(text, '\0', len))
        return false;
    memcpy(out, text, len);
    out[len] = '\0';
    return true;
}

static int page_string(void *ctx, const unsigned char *text, size_t len)
{
    struct page_reader *r = ctx;

    if (!r->skipped && r->member == MEMBER_SOURCE && r->place == AT_KEY)
        r->plain = plain_key(text, len, r->key);
    if (!r->skipped && r->member == MEMBER_SOURCE && r->place == AT_AFTER)
        r->after_plain = plain_key(text, len, r->after);
    return page_scalar(r);
}

static const yajl_callbacks page_callbacks = {
    .yajl_null = page_scalar,
    .yajl_boolean = page_boolean,
    .yajl_integer = page_integer,
    .yajl_double = page_double,
    .yajl_string = page_string,
    .yajl_start_map = page_open_map,
    .yajl_map_key = page_key,
    .yajl_end_map = page_close,
    .yajl_start_array = page_open_array,
    .yajl_end_array = page_close,
};

peba_err composite_keys_page(const char *text, size_t len, const char *name, const char *source,
                             int page_size, key_count_visitor visit, void *ctx, cJSON **after)
{
    struct page_reader r = {.name = name, .source = source, .visit = visit, .ctx = ctx, .err = PEBA_OK};
    yajl_handle parser = yajl_alloc(&page_callbacks, NULL, &r);
    yajl_status status;

    *after = NULL;
    if (!parser)
        return PEBA_E_NOMEM;
    status = yajl_parse(parser, (const unsigned char *)text, len);
    if (status == yajl_status_ok)
        status = yajl_complete_parse(parser);
    yajl_free(parser);
    if (r.err != PEBA_OK)
        return r.err;
    if (status != yajl_status_ok)
        return peba_fail(PEBA_E_BACKEND, "search engine sent a composite page that is not JSON");
    /* a short page is the last one: saves the empty round trip that would confirm it */
    if (r.buckets != page_size || !r.has_after)
        return PEBA_OK;
    if (!r.after_plain)
        return peba_fail(PEBA_E_BACKEND,
                         "search engine sent a composite page whose after_key is no plain key");
    *after = cJSON_CreateObject();
    if (!*after || !cJSON_AddStringToObject(*after, source, r.after)) {
        cJSON_Delete(*after);
        *after = NULL;
        return PEBA_E_NOMEM;
    }
    return PEBA_OK;
}

/* The pages read as text, keys and counts taken as yajl parses them. */
struct key_pages {
    const char *name, *source;
    key_count_visitor visit;
    void *ctx;
};

static peba_err read_key_page(struct worker *w, const char *index, const cJSON *query, int page_size,
                              void *reader, cJSON **after)
{
    struct key_pages *k = reader;
    const struct buf *text = NULL;
    peba_err err = es_search_text(w->es, index, query, &text);

    *after = NULL;
    if (err != PEBA_OK)
        return err;
    return composite_keys_page(text->data ? text->data : "", text->len, k->name, k->source, page_size,
                               k->visit, k->ctx, after);
}

peba_err search_composite_keys(struct worker *w, int index_days, cJSON *query, const char *name,
                               const char *source, key_count_visitor visit, void *ctx)
{
    struct key_pages k = {name, source, visit, ctx};

    return walk_composite(w, index_days, query, name, read_key_page, &k);
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
