/*
 * h_ingest.h: POST /ews-0.1/alert/postSimpleMessage: what became of each alert
 * of a submission, and the Result body that tells the sender.
 */
#ifndef PEBA_H_INGEST_H
#define PEBA_H_INGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "ews_alert.h"
#include "route.h"

#define INGEST_LIST_MAX 50 /* rejected alerts named with their reason; the rest are counted */
enum ingest_state { INGEST_PENDING, INGEST_STORED, INGEST_NOT_STORED, INGEST_REJECTED };
struct ingest_outcome {
    size_t total;         /* Alert elements, numbered from 0 in document order */
    unsigned char *state; /* enum ingest_state of each */
    size_t listed;
    struct {
        size_t index;
        char reason[EWS_REASON_MAX];
    } rejected[INGEST_LIST_MAX];
    char failure[256]; /* the engine's first reason for an alert it did not store */
};
void ingest_outcome_init(struct ingest_outcome *o, size_t total);
void ingest_outcome_free(struct ingest_outcome *o);
void ingest_reject(struct ingest_outcome *o, size_t index, const char *reason);
void ingest_mark(struct ingest_outcome *o, size_t index, bool stored, const char *reason);
/*
 * Appends <Result>..</Result> (no declaration, no newline); returns 503 if a
 * valid alert was not stored, else 200.
 */
int ingest_result(const struct ingest_outcome *o, struct buf *out);
peba_err handle_post_simple_message(struct worker *w, const struct request *req, struct response *res);

#endif
