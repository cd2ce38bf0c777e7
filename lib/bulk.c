/* bulk.c: NDJSON batches for the Bulk API and item-by-item checking of its reply. */
#include "bulk.h"

#include <stdio.h>
#include <string.h>

#include "json_writer.h"

void bulk_init(struct bulk *b, struct es_client *es, size_t max_docs, size_t max_bytes, bulk_result_fn on_result,
               void *ctx)
{
    memset(b, 0, sizeof *b);
    b->es = es;
    b->max_docs = max_docs;
    b->max_bytes = max_bytes;
    b->on_result = on_result;
    b->ctx = ctx;
    buf_init(&b->body, 0);
}

void bulk_free(struct bulk *b)
{
    buf_free(&b->body);
}

static void report(bulk_result_fn on_result, void *ctx, size_t seq, bool stored, const char *reason)
{
    if (on_result)
        on_result(ctx, seq, stored, reason);
}

static const char *item_reason(const cJSON *result, char *tmp, size_t size)
{
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(result, "error");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(error, "type");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(error, "reason");

    snprintf(tmp, size, "%s: %s", cJSON_IsString(type) ? type->valuestring : "error",
             cJSON_IsString(reason) ? reason->valuestring : "rejected by the search engine");
    return tmp;
}

size_t bulk_check_reply(const cJSON *reply, size_t first_seq, size_t count, bulk_result_fn on_result, void *ctx)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(reply, "items");
    const cJSON *item = cJSON_IsArray(items) ? items->child : NULL;
    size_t stored = 0;
    char tmp[512];

    for (size_t i = 0; i < count; i++) {
        const cJSON *result = item ? item->child : NULL; /* {"index": {...}} */
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(result, "status");
        bool ok = cJSON_IsNumber(status) && status->valuedouble >= 200 && status->valuedouble < 300;

        if (ok)
            stored++;
        report(on_result, ctx, first_seq + i, ok,
               ok ? NULL : result ? item_reason(result, tmp, sizeof tmp) : "missing from the bulk reply");
        if (item)
            item = item->next;
    }
    return stored;
}

peba_err bulk_flush(struct bulk *b)
{
    char path[64];
    const struct buf *raw;
    cJSON *reply = NULL;
    long status = 0;
    size_t count = b->pending, stored = 0;
    peba_err err;

    if (count == 0)
        return PEBA_OK;
    snprintf(path, sizeof path, "/_bulk%s%s", b->refresh ? "?refresh=" : "", b->refresh ? b->refresh : "");
    err = b->body.failed ? peba_fail(PEBA_E_NOMEM, "bulk batch too large for memory")
                         : es_request(b->es, "POST", path, b->body.data, b->body.len, &status, &raw);
    if (err == PEBA_OK && (status < 200 || status > 299))
        err = peba_fail(PEBA_E_BACKEND, "bulk request answered %ld", status);
    if (err == PEBA_OK && !(reply = cJSON_ParseWithLength(raw->data, raw->len)))
        err = peba_fail(PEBA_E_BACKEND, "bulk reply is not JSON");
    if (err == PEBA_OK) {
        stored = bulk_check_reply(reply, b->first_seq, count, b->on_result, b->ctx);
    } else {
        for (size_t i = 0; i < count; i++)
            report(b->on_result, b->ctx, b->first_seq + i, false, peba_reason(err));
    }
    cJSON_Delete(reply);
    b->stored += stored;
    b->rejected += count - stored;
    b->first_seq += count;
    b->pending = 0;
    buf_reset(&b->body, 4u << 20);
    return err;
}

peba_err bulk_add(struct bulk *b, const char *index, const char *id, const cJSON *doc)
{
    cJSON *action = cJSON_CreateObject();
    cJSON *meta = cJSON_AddObjectToObject(action, "index");

    cJSON_AddStringToObject(meta, "_index", index);
    if (id)
        cJSON_AddStringToObject(meta, "_id", id);
    json_write(&b->body, action);
    buf_putc(&b->body, '\n');
    json_write(&b->body, doc);
    buf_putc(&b->body, '\n');
    cJSON_Delete(action);
    b->pending++;
    if (b->pending >= b->max_docs || b->body.len >= b->max_bytes)
        return bulk_flush(b);
    return PEBA_OK;
}
