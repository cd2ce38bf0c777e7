/* bulk.c: NDJSON batches for the Bulk API, item-by-item checking of its reply, and the items refused for now sent again. */
#include "bulk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_writer.h"
#include "log.h"

void bulk_init(struct bulk *b, struct es_client *es, size_t max_docs, size_t max_bytes,
               bulk_result_fn on_result, void *ctx)
{
    const struct peba_config *cfg = es_config(es);

    memset(b, 0, sizeof *b);
    b->es = es;
    b->max_docs = max_docs;
    b->max_bytes = max_bytes;
    b->on_result = on_result;
    b->ctx = ctx;
    b->retries = cfg->es_bulk_retries;
    b->retry_ms = cfg->es_bulk_retry_ms;
    b->retry_total_ms = cfg->es_bulk_retry_total_ms;
    buf_init(&b->body, 0);
}

void bulk_free(struct bulk *b)
{
    buf_free(&b->body);
    free(b->starts);
    b->starts = NULL;
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

/* The engine's queues are full or the index is blocked (429), or a shard is not ready (503): it may take the item later. */
static bool refused_for_now(long status)
{
    return status == 429 || status == 503;
}

size_t bulk_check_reply(const cJSON *reply, size_t first_seq, const size_t *pos, size_t count, size_t *again,
                        size_t *n_again, bulk_result_fn on_result, void *ctx)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(reply, "items");
    const cJSON *item = cJSON_IsArray(items) ? items->child : NULL;
    size_t stored = 0, n = 0;
    char tmp[512];

    for (size_t i = 0; i < count; i++) {
        const cJSON *result = item ? item->child : NULL; /* {"index": {...}} */
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(result, "status");
        long code = cJSON_IsNumber(status) ? (long)es_number(status->valuedouble) : 0;
        bool ok = code >= 200 && code < 300;

        if (again && refused_for_now(code)) {
            again[n++] = pos[i]; /* n <= i: pos[i] was read, again may be pos */
        } else {
            stored += ok;
            report(on_result, ctx, first_seq + pos[i], ok,
                   ok       ? NULL
                   : result ? item_reason(result, tmp, sizeof tmp)
                            : "missing from the bulk reply");
        }
        if (item)
            item = item->next;
    }
    if (n_again)
        *n_again = n;
    return stored;
}

/* Sends body; on a 2xx answer *reply is its parse. Another status is in *status, with no reply. */
static peba_err send_body(struct bulk *b, const struct buf *body, long *status, cJSON **reply)
{
    char path[64];
    const struct buf *raw;
    peba_err err;

    *reply = NULL;
    snprintf(path, sizeof path, "/_bulk%s%s", b->refresh ? "?refresh=" : "", b->refresh ? b->refresh : "");
    err = es_request(b->es, "POST", path, body->data, body->len, status, &raw);
    if (err != PEBA_OK || *status < 200 || *status > 299)
        return err;
    if (!(*reply = cJSON_ParseWithLength(raw->data, raw->len)))
        return peba_fail(PEBA_E_BACKEND, "bulk reply is not JSON");
    return PEBA_OK;
}

/* Sleeps ms milliseconds, also when a signal (the pool's SIGHUP) comes in between. */
static void sleep_ms(long ms)
{
    struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&left, &left) != 0 && errno == EINTR)
        ;
}

/* The lines of the pending documents at pos[0..n), in that order, as one request body. */
static void body_of(const struct bulk *b, const size_t *pos, size_t n, struct buf *out)
{
    buf_reset(out, 4u << 20);
    for (size_t i = 0; i < n; i++)
        buf_append(out, b->body.data + b->starts[pos[i]], b->starts[pos[i] + 1] - b->starts[pos[i]]);
}

/*
 * Sends the batch, then the items refused for now, again and again while
 * the retries last: pos holds the batch positions of the items still to go.
 */
static peba_err send_batch(struct bulk *b, size_t *pos, size_t *stored)
{
    const struct buf *body = &b->body;
    struct buf again;
    size_t n = b->pending;
    long wait = b->retry_ms, waited = 0;
    peba_err err = PEBA_OK;

    buf_init(&again, 0);
    for (long attempt = 0; n > 0 && err == PEBA_OK; attempt++) {
        bool may_retry = attempt < b->retries && waited + wait <= b->retry_total_ms;
        size_t left = 0, sent = n;
        long status = 0;
        cJSON *reply = NULL;

        err = body->failed ? peba_fail(PEBA_E_NOMEM, "bulk batch too large for memory")
                           : send_body(b, body, &status, &reply);
        if (err == PEBA_OK && reply)
            *stored += bulk_check_reply(reply, b->first_seq, pos, n, may_retry ? pos : NULL, &left,
                                        b->on_result, b->ctx);
        else if (err == PEBA_OK && refused_for_now(status) && may_retry)
            left = n; /* the whole request was refused: every item goes again */
        else if (err == PEBA_OK)
            err = peba_fail(PEBA_E_BACKEND, "bulk request answered %ld", status);
        cJSON_Delete(reply);
        n = err == PEBA_OK ? left : n;
        if (err != PEBA_OK || n == 0)
            break;
        log_warn("bulk: the search engine refused %zu of %zu documents for now; sending them again in %ld ms",
                 n, sent, wait);
        sleep_ms(wait);
        waited += wait;
        wait *= 2;
        b->resent += n;
        body_of(b, pos, n, &again);
        body = &again;
    }
    for (size_t i = 0; err != PEBA_OK && i < n; i++)
        report(b->on_result, b->ctx, b->first_seq + pos[i], false, peba_reason(err));
    buf_free(&again);
    return err;
}

peba_err bulk_flush(struct bulk *b)
{
    size_t count = b->pending, stored = 0;
    size_t *pos = count ? malloc(count * sizeof *pos) : NULL;
    peba_err err;

    if (count == 0)
        return PEBA_OK;
    if (!b->body.failed) /* else a start found no room, and the batch fails as a whole */
        b->starts[count] = b->body.len;
    for (size_t i = 0; pos && i < count; i++)
        pos[i] = i;
    if (pos) {
        err = send_batch(b, pos, &stored);
    } else {
        err = peba_fail(PEBA_E_NOMEM, "out of memory for a bulk batch of %zu documents", count);
        for (size_t i = 0; i < count; i++)
            report(b->on_result, b->ctx, b->first_seq + i, false, peba_reason(err));
    }
    free(pos);
    b->stored += stored;
    b->rejected += count - stored;
    b->first_seq += count;
    b->pending = 0;
    buf_reset(&b->body, 4u << 20);
    return err;
}

/* Room for the start of document pending and the end of the batch after it. */
static bool reserve_start(struct bulk *b)
{
    size_t cap = b->starts_cap ? b->starts_cap : 64, bytes;
    size_t *starts;

    while (cap < b->pending + 2)
        if (__builtin_mul_overflow(cap, 2, &cap))
            return false;
    if (cap == b->starts_cap)
        return true;
    if (__builtin_mul_overflow(cap, sizeof *starts, &bytes) || !(starts = realloc(b->starts, bytes)))
        return false;
    b->starts = starts;
    b->starts_cap = cap;
    return true;
}

peba_err bulk_add(struct bulk *b, const char *index, const char *id, const cJSON *doc)
{
    cJSON *action = cJSON_CreateObject();
    cJSON *meta = cJSON_AddObjectToObject(action, "index");

    if (!reserve_start(b))
        b->body.failed = true; /* reported with the batch, like a body too large for memory */
    else
        b->starts[b->pending] = b->body.len;
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
