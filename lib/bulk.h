/*
 * bulk.h: batched indexing through the Bulk API. Documents are numbered in
 * the order they are added; after each batch the reply is checked item by
 * item and every document's outcome is reported, so nothing is lost silently.
 *
 * Items the engine refuses for now (429: its write queue is full or the index
 * is blocked; 503: a shard is not ready) are sent again, after a wait that
 * doubles each time, as often and as long as [elasticsearch] bulk_retries,
 * bulk_retry_ms and bulk_retry_total_ms allow. Each item goes again with its
 * own action line, so a document with an _id cannot be stored twice.
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
    struct buf body; /* NDJSON of the pending batch */
    size_t *starts;  /* where each pending document's lines begin in body */
    size_t starts_cap;
    size_t pending;   /* documents in the batch */
    size_t first_seq; /* seq of the batch's first document */
    size_t max_docs, max_bytes;
    size_t stored, rejected;
    size_t resent;                          /* items sent again after a refusal for now */
    long retries, retry_ms, retry_total_ms; /* es's [elasticsearch] bulk_retry* */
    bulk_result_fn on_result;
    void *ctx;
    const char *refresh; /* "true", "wait_for" or NULL: the refresh URL parameter */
};

/* max_docs/max_bytes bound one batch; on_result may be NULL. The retries are es's configuration's. */
void bulk_init(struct bulk *b, struct es_client *es, size_t max_docs, size_t max_bytes,
               bulk_result_fn on_result, void *ctx);
/*
 * Queues doc for index (id NULL: the engine picks one) and sends the batch
 * when full. A failed send reports every document of that batch as not
 * stored and returns PEBA_E_BACKEND; later adds start a new batch.
 */
peba_err bulk_add(struct bulk *b, const char *index, const char *id, const cJSON *doc);
/* Sends what is pending. */
peba_err bulk_flush(struct bulk *b);
void bulk_free(struct bulk *b);

/*
 * Maps a bulk reply onto the count documents it answers: document i (in
 * the request's order) has the number first_seq + pos[i]. Reports each
 * one, except, when again is not NULL, those refused for now: their pos
 * values go to again[0..*n_again) (again may be pos itself). Returns how
 * many were stored.
 */
size_t bulk_check_reply(const cJSON *reply, size_t first_seq, const size_t *pos, size_t count, size_t *again,
                        size_t *n_again, bulk_result_fn on_result, void *ctx);

#endif
