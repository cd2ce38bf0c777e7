/*
 * prom_text.h: the Prometheus text exposition format (version 0.0.4), which
 * GET /metrics answers in: a family's HELP and TYPE lines, its samples with
 * escaped label values, and histograms with cumulative buckets, _sum and
 * _count. Writes into a buf (its sticky failure flag says whether all fit).
 */
#ifndef PEBA_PROM_TEXT_H
#define PEBA_PROM_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CT_PROMETHEUS "text/plain; version=0.0.4; charset=utf-8"
#define PROM_LABELS_MAX 6 /* labels of one sample, a histogram's le included */

struct prom_label {
    const char *name;  /* [a-zA-Z_][a-zA-Z0-9_]*, written as given */
    const char *value; /* any UTF-8 text: backslash, double quote and newline are escaped */
};

/* "# HELP name help" (backslash and newline escaped) and "# TYPE name type" (counter, gauge, histogram). */
void prom_family(struct buf *out, const char *name, const char *type, const char *help);
/* "name{label="value",...} value"; no braces without labels. An integral value is written in full. */
void prom_sample(struct buf *out, const char *name, const struct prom_label *labels, size_t n, double value);

/*
 * The samples of one histogram with these labels (at most PROM_LABELS_MAX - 1):
 * name_bucket for each upper bound in bounds[nb] and +Inf, each counting the
 * observations up to it (counts[i] holds those of bucket i alone, counts[nb]
 * those above every bound), then name_sum and name_count (the +Inf bucket's).
 */
void prom_histogram(struct buf *out, const char *name, const struct prom_label *labels, size_t n,
                    const double *bounds, const uint64_t *counts, size_t nb, double sum);

#endif
