/*
 * bulk.h: batched indexing through the Bulk API. Documents are numbered in
 * the order they are added; after each batch the reply is checked item by
 * item and every document's outcome is reported, so nothing is lost silently.
 */
#ifndef PEBA_BULK_H
#define PEBA_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "error.h"
#include "es_client.h"

/* Outcome of document number seq (0-based, in bulk_add order); reason is NULL when stored. */
typedef void (*bulk_result_fn)(void *ctx, size_t seq, bool stored, const char *reason);

struct bulk {
    struct es_client *es;
    struct buf body;        /* NDJSON of the pending batch */
    size_t pending;         /* documents in the batch */
    size_t first_seq;       /* seq of the batch's first document */
    size_t max_docs, max_bytes;
    size_t stored, rejected;
    bulk_result_fn on_result;
    void *ctx;
    const char *refresh;    /* "true", "wait_for" or NULL: the refresh URL parameter */
};

/* max_docs/max_bytes bound one batch; on_result may be NULL. */
void bulk_init(struct bulk *b, struct es_client *es, size_t max_docs, size_t max_bytes, bulk_result_fn on_result,
               void *ctx);
/*
 * Queues doc for index (id NULL: the engine picks one) and sends the batch
 * when full. A failed send reports every document of that batch as not
 * stored and returns PEBA_E_BACKEND; later adds start a new batch.
 */
peba_err bulk_add(struct bulk *b, const char *index, const char *id, const cJSON *doc);
/* Sends what is pending. */
peba_err bulk_flush(struct bulk *b);
void bulk_free(struct bulk *b);

/* Maps a bulk reply onto the batch [first_seq, first_seq+count): reports each item; returns items stored. */
size_t bulk_check_reply(const cJSON *reply, size_t first_seq, size_t count, bulk_result_fn on_result, void *ctx);

#endif
