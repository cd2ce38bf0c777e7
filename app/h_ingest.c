/* h_ingest.c: POST /ews-0.1/alert/postSimpleMessage: every Alert checked, the good ones bulk-stored, each one accounted for. */
#include "h_ingest.h"

#include <stdlib.h>
#include <string.h>

#include "alert_index.h"
#include "bulk.h"
#include "envelope.h"
#include "ews_alert.h"
#include "log.h"
#include "timeutil.h"
#include "worker.h"
#include "xml_writer.h"

#define INGEST_BATCH_DOCS 500
#define INGEST_BATCH_BYTES (8u << 20)
#define INGEST_RANGES_MAX 50 /* ranges of alert numbers named per list before "and N more" */
/* ewsposter sends a few hundred at a time; 20 MB of bare <Alert/> elements would keep a worker busy for seconds */
#define INGEST_ALERTS_MAX 100000

void ingest_outcome_init(struct ingest_outcome *o, size_t total)
{
    memset(o, 0, sizeof *o);
    o->total = total;
    o->state = total ? calloc(total, 1) : NULL;
}

void ingest_outcome_free(struct ingest_outcome *o)
{
    free(o->state);
    o->state = NULL;
}

void ingest_reject(struct ingest_outcome *o, size_t index, const char *reason)
{
    o->state[index] = INGEST_REJECTED;
    if (o->listed < INGEST_LIST_MAX) {
        o->rejected[o->listed].index = index;
        snprintf(o->rejected[o->listed].reason, sizeof o->rejected[o->listed].reason, "%s", reason);
        o->listed++;
    }
}

void ingest_mark(struct ingest_outcome *o, size_t index, bool stored, const char *reason)
{
    o->state[index] = stored ? INGEST_STORED : INGEST_NOT_STORED;
    if (!stored && !o->failure[0])
        snprintf(o->failure, sizeof o->failure, "%s", reason ? reason : "not stored");
}

static size_t count_state(const struct ingest_outcome *o, enum ingest_state state)
{
    size_t n = 0;

    for (size_t i = 0; i < o->total; i++)
        n += o->state[i] == state;
    return n;
}

/* "#0-#49, #52, #60-#99": the alert numbers in state, as ranges, at most INGEST_RANGES_MAX of them. */
static void write_ranges(const struct ingest_outcome *o, enum ingest_state state, struct buf *text)
{
    size_t ranges = 0, left = 0;

    for (size_t i = 0; i < o->total; i++) {
        size_t end = i;

        if (o->state[i] != state)
            continue;
        while (end + 1 < o->total && o->state[end + 1] == state)
            end++;
        if (ranges++ < INGEST_RANGES_MAX)
            buf_printf(text, end > i ? "%s#%zu-#%zu" : "%s#%zu", ranges > 1 ? ", " : "", i, end);
        else
            left += end - i + 1;
        i = end;
    }
    if (left)
        buf_printf(text, ", and %zu more", left);
}

/* The Result's Text: counts first, then which alerts were not stored and why each rejected one was. */
static void write_text(const struct ingest_outcome *o, struct buf *text)
{
    size_t stored = count_state(o, INGEST_STORED), failed = count_state(o, INGEST_NOT_STORED);
    size_t rejected = count_state(o, INGEST_REJECTED);

    buf_printf(text, "stored %zu of %zu alert%s", stored, o->total, o->total == 1 ? "" : "s");
    if (failed) {
        if (stored) {
            buf_puts(text, " (");
            write_ranges(o, INGEST_STORED, text);
            buf_putc(text, ')');
        }
        buf_printf(text, "; not stored %zu (", failed);
        write_ranges(o, INGEST_NOT_STORED, text);
        buf_printf(text, "): %s", o->failure);
    }
    if (rejected) {
        buf_printf(text, "; rejected %zu:", rejected);
        for (size_t i = 0; i < o->listed; i++)
            buf_printf(text, "%s #%zu %s", i ? ";" : "", o->rejected[i].index, o->rejected[i].reason);
        if (rejected > o->listed)
            buf_printf(text, "; and %zu more", rejected - o->listed);
    }
}

int ingest_result(const struct ingest_outcome *o, struct buf *out)
{
    bool failed = count_state(o, INGEST_NOT_STORED) > 0;
    struct buf text;

    buf_init(&text, 0);
    write_text(o, &text);
    buf_printf(out, "<Result><StatusCode>%s</StatusCode><Text>", failed ? "Handling failed" : "OK");
    xml_escape(out, text.data ? text.data : "", text.len);
    buf_puts(out, "</Text></Result>");
    buf_free(&text);
    return failed ? 503 : 200;
}

/* One submission on its way to the engine: bulk numbers (seq) map back to alert numbers. */
struct ingest_run {
    struct ingest_outcome *outcome;
    size_t *alert_of_seq;
    size_t sent;
    bool engine_failed;
};

static void on_bulk_result(void *ctx, size_t seq, bool stored, const char *reason)
{
    struct ingest_run *run = ctx;

    ingest_mark(run->outcome, run->alert_of_seq[seq], stored, reason);
}

static size_t count_alerts(const xmlNode *root)
{
    size_t n = 0;

    for (const xmlNode *a = ews_alert_next(root, NULL); a; a = ews_alert_next(root, a))
        n++;
    return n;
}

/*
 * After a failed batch the rest is not sent: the engine is down or
 * refusing, and each further try could wait out the timeout again.
 */
static void store_alert(struct ingest_run *run, struct bulk *b, const char *index, size_t i,
                        const struct ews_alert *a)
{
    if (run->engine_failed) {
        ingest_mark(run->outcome, i, false, "not sent after the search engine failed");
        return;
    }
    run->alert_of_seq[run->sent++] = i;
    if (bulk_add(b, index, a->id, a->doc) != PEBA_OK)
        run->engine_failed = true;
}

static void ingest_all(struct worker *w, const struct request *req, const char *now, const char *index,
                       struct ingest_run *run)
{
    struct ews_submission sub = {.community = req->user.community, .recieved_time = now, .geo = w->geo};
    const xmlNode *root = req->envelope->root, *node = NULL;
    struct ews_alert a;
    struct bulk b;

    bulk_init(&b, w->es, INGEST_BATCH_DOCS, INGEST_BATCH_BYTES, on_bulk_result, run);
    for (size_t i = 0; (node = ews_alert_next(root, node)) != NULL; i++) {
        if (!ews_alert_build(node, &sub, &a)) {
            ingest_reject(run->outcome, i, a.reason);
            continue;
        }
        store_alert(run, &b, index, i, &a);
        ews_alert_free(&a);
    }
    if (!run->engine_failed)
        bulk_flush(&b);
    bulk_free(&b);
}

peba_err handle_post_simple_message(struct worker *w, const struct request *req, struct response *res)
{
    char index[ALERT_INDEX_NAME_MAX], now[UTC_STAMP_LEN];
    struct ingest_outcome outcome;
    struct ingest_run run = {.outcome = &outcome};
    size_t total = count_alerts(req->envelope->root);

    if (total > INGEST_ALERTS_MAX)
        return peba_fail(PEBA_E_TOO_LARGE, "%zu Alert elements, more than the %d one message may carry",
                         total, INGEST_ALERTS_MAX);
    utc_format(req->now, now);
    if (!alert_index_name(w->cfg.alert_index, now, index))
        return peba_fail(PEBA_E_CONFIG, "alert_index: no valid daily index name");
    ingest_outcome_init(&outcome, total);
    run.alert_of_seq = total ? calloc(total, sizeof *run.alert_of_seq) : NULL;
    if (total && (!outcome.state || !run.alert_of_seq)) {
        free(run.alert_of_seq);
        ingest_outcome_free(&outcome);
        return peba_fail(PEBA_E_NOMEM, "out of memory for %zu alerts", total);
    }
    ingest_all(w, req, now, index, &run);
    metrics_ingest(w->metrics, METRICS_STORED, count_state(&outcome, INGEST_STORED));
    metrics_ingest(w->metrics, METRICS_REJECTED, count_state(&outcome, INGEST_REJECTED));
    metrics_ingest(w->metrics, METRICS_NOT_STORED, count_state(&outcome, INGEST_NOT_STORED));
    res->content_type = CT_XML;
    res->status = ingest_result(&outcome, &res->body);
    if (res->status != 200 || outcome.listed)
        log_warn("postSimpleMessage from %s (%s): %.300s",
                 req->envelope->username ? req->envelope->username : "?",
                 req->remote_addr ? req->remote_addr : "?", res->body.data);
    free(run.alert_of_seq);
    ingest_outcome_free(&outcome);
    return PEBA_OK;
}
