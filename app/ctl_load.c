/* ctl_load.c: `pebactl load`: bulk-indexes alert documents from a JSON array or NDJSON into their daily indices. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "alert_index.h"
#include "bulk.h"
#include "ctl.h"
#include "progress.h"

#define LOAD_BATCH_DOCS 1000
#define LOAD_BATCH_BYTES (5u << 20)
#define LOAD_REASONS_SHOWN 20

struct loader {
    struct ctl *ctl;
    struct bulk bulk;
    const char *unit;                  /* how input positions are named: "line" or "document" */
    size_t positions[LOAD_BATCH_DOCS]; /* input position of each queued document, by bulk seq */
    size_t read, rejected;
    bool stopped;             /* a batch could not be sent: stop reading */
    struct progress progress; /* on a terminal only */
    size_t size;              /* of the input file, 0 when unknown (a pipe) */
    size_t consumed;          /* bytes of NDJSON read so far */
    size_t documents;         /* in a JSON array */
};

/* The share of the input read so far, or -1 when unknown. */
static double share_read(const struct loader *l)
{
    if (l->documents)
        return (double)l->read / (double)l->documents;
    return l->size ? (double)l->consumed / (double)l->size : -1;
}

static void reject(struct loader *l, size_t position, const char *reason)
{
    if (l->rejected++ < LOAD_REASONS_SHOWN)
        ctl_error(l->ctl, "%s %zu rejected: %s", l->unit, position, reason);
}

static void on_result(void *ctx, size_t seq, bool stored, const char *reason)
{
    struct loader *l = ctx;

    if (!stored)
        reject(l, l->positions[seq % LOAD_BATCH_DOCS], reason);
}

/* Why doc cannot be indexed, or NULL; on success *index and *id (NULL or detached "_id", caller frees) are set. */
static const char *check_doc(const struct loader *l, cJSON *doc, char index[ALERT_INDEX_NAME_MAX], cJSON **id)
{
    *id = NULL;
    if (!cJSON_IsObject(doc))
        return "not a JSON object";
    *id = cJSON_DetachItemFromObjectCaseSensitive(doc, "_id");
    if (*id && !(cJSON_IsString(*id) && (*id)->valuestring[0]))
        return "_id is not a non-empty string";
    if (!alert_index_name(l->ctl->cfg.alert_index,
                          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "recievedTime")), index))
        return "recievedTime is missing or not \"YYYY-MM-DD HH:MM:SS\"";
    return NULL;
}

/* Queues one document (owned: freed here) found at input position. */
static void load_doc(struct loader *l, cJSON *doc, size_t position)
{
    char index[ALERT_INDEX_NAME_MAX];
    cJSON *id = NULL;
    const char *why = check_doc(l, doc, index, &id);

    if (why) {
        reject(l, position, why);
    } else {
        /* bulk_add may send the batch and report on it before returning */
        l->positions[(l->bulk.first_seq + l->bulk.pending) % LOAD_BATCH_DOCS] = position;
        l->stopped = bulk_add(&l->bulk, index, id ? id->valuestring : NULL, doc) != PEBA_OK;
    }
    cJSON_Delete(id);
    cJSON_Delete(doc);
    l->read++;
    progress_update(&l->progress, l->read, share_read(l));
}

/* A cJSON parse of text (NUL-terminated, len bytes, found at input byte offset) that must hold exactly one value. */
static cJSON *parse_exact(const char *text, size_t len, size_t offset, char *why, size_t why_size)
{
    const char *end = NULL;
    cJSON *value;

    if (strlen(text) != len) {
        snprintf(why, why_size, "contains a NUL byte");
        return NULL;
    }
    value = cJSON_ParseWithOpts(text, &end, true);
    if (!value)
        snprintf(why, why_size, "not valid JSON (at byte %zu)",
                 offset + (size_t)((end ? end : text) - text) + 1);
    return value;
}

static void load_ndjson(struct loader *l, FILE *in, size_t first_line)
{
    char *line = NULL, why[64];
    size_t cap = 0, lineno = first_line - 1;
    ssize_t n;

    l->unit = "line";
    while (!l->stopped && (n = getline(&line, &cap, in)) != -1) {
        size_t len = (size_t)n, skip = 0;
        cJSON *doc;

        lineno++;
        l->consumed += len;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        while (skip < len && isspace((unsigned char)line[skip]))
            skip++;
        if (skip == len)
            continue;
        if ((doc = parse_exact(line, len, 0, why, sizeof why))) {
            load_doc(l, doc, lineno);
        } else {
            l->read++;
            reject(l, lineno, why);
        }
    }
    free(line);
}

static bool read_all(FILE *in, struct buf *out)
{
    char chunk[65536];
    size_t n;

    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        buf_append(out, chunk, n);
    return !ferror(in) && !out->failed;
}

/* A JSON array read whole; skipped is the count of white-space bytes before it, for error positions. */
static bool load_array(struct loader *l, FILE *in, const char *name, size_t skipped)
{
    struct buf text;
    cJSON *array, *doc;
    char why[64];
    size_t position = 0;

    l->unit = "document";
    buf_init(&text, 0);
    if (!read_all(in, &text)) {
        ctl_error(l->ctl, "%s: cannot read: %s", name, text.failed ? "out of memory" : strerror(errno));
        buf_free(&text);
        return false;
    }
    array = parse_exact(text.data, text.len, skipped, why, sizeof why);
    buf_free(&text);
    if (!cJSON_IsArray(array)) {
        ctl_error(l->ctl, "%s: %s", name, array ? "not a JSON array" : why);
        cJSON_Delete(array);
        return false;
    }
    l->documents = (size_t)cJSON_GetArraySize(array);
    /* detached one by one so memory shrinks as documents go out */
    while (!l->stopped && (doc = array->child))
        load_doc(l, cJSON_DetachItemViaPointer(array, doc), ++position);
    cJSON_Delete(array);
    return true;
}

/* Skips leading white space; returns the first other character (left unread), counting the bytes and newlines passed. */
static int peek_start(FILE *in, size_t *skipped, size_t *newlines)
{
    int c;

    while ((c = getc(in)) != EOF && isspace(c)) {
        ++*skipped;
        *newlines += c == '\n';
    }
    if (c != EOF)
        ungetc(c, in);
    return c;
}

/* Makes the documents searchable at once, so a test can query right after loading. */
static bool refresh(struct loader *l)
{
    char pattern[ALERT_INDEX_NAME_MAX], path[ALERT_INDEX_NAME_MAX + 16];

    alert_index_pattern(l->ctl->cfg.alert_index, pattern);
    snprintf(path, sizeof path, "/%s/_refresh", pattern);
    return ctl_call(l->ctl, "POST", path, NULL, NULL);
}

static bool load_stream(struct loader *l, FILE *in, const char *name)
{
    size_t skipped = 0, newlines = 0;
    int first = peek_start(in, &skipped, &newlines);
    bool ok = true;

    l->consumed = skipped;
    progress_start(&l->progress, stderr, "pebactl load", "documents");
    if (first == '[')
        ok = load_array(l, in, name, skipped);
    else if (first != EOF)
        load_ndjson(l, in, newlines + 1);
    if (ok && !l->stopped)
        l->stopped = bulk_flush(&l->bulk) != PEBA_OK;
    progress_end(&l->progress);
    if (l->stopped)
        ctl_error(l->ctl,
                  "stopped: the search engine did not take a batch; the rest of the input was not read");
    if (l->rejected > LOAD_REASONS_SHOWN)
        ctl_error(l->ctl, "... and %zu more rejected documents", l->rejected - LOAD_REASONS_SHOWN);
    printf("indexed %zu, rejected %zu\n", l->bulk.stored, l->rejected);
    fflush(stdout);
    return ok && !l->stopped && refresh(l) && l->rejected == 0;
}

int ctl_load(struct ctl *ctl, int argc, char **argv)
{
    struct loader l = {.ctl = ctl};
    int rc = ctl_args(ctl, argc, argv, NULL, NULL, NULL, 1, 1);
    const char *name;
    struct stat st;
    FILE *in;
    bool ok;

    if (rc != CTL_CONTINUE)
        return rc;
    name = ctl->args[0];
    if (!ctl_connect(ctl, false))
        return CTL_EXIT_FAILED;
    in = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
    if (!in) {
        ctl_error(ctl, "%s: %s", name, strerror(errno));
        return CTL_EXIT_FAILED;
    }
    if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
        l.size = (size_t)st.st_size;
    bulk_init(&l.bulk, ctl->es, LOAD_BATCH_DOCS, LOAD_BATCH_BYTES, on_result, &l);
    ok = load_stream(&l, in, name);
    bulk_free(&l.bulk);
    if (in != stdin)
        fclose(in);
    return ok ? CTL_EXIT_OK : CTL_EXIT_FAILED;
}
