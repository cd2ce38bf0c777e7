/* prom_text.c: the Prometheus text format: families, samples with escaped labels, cumulative histograms. */
#include "prom_text.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Appends s with backslash, newline and (in label values) the double quote escaped. */
static void escaped(struct buf *out, const char *s, bool quote)
{
    for (; *s; s++) {
        if (*s == '\\')
            buf_puts(out, "\\\\");
        else if (*s == '\n')
            buf_puts(out, "\\n");
        else if (*s == '"' && quote)
            buf_puts(out, "\\\"");
        else
            buf_putc(out, *s);
    }
}

void prom_family(struct buf *out, const char *name, const char *type, const char *help)
{
    buf_printf(out, "# HELP %s ", name);
    escaped(out, help, false);
    buf_printf(out, "\n# TYPE %s %s\n", name, type);
}

/* A float as Prometheus reads it: an integer in full, else 15 digits (0.0005, not 0.00050000000000000001). */
static void number(struct buf *out, double v)
{
    if (isnan(v))
        buf_puts(out, "NaN");
    else if (isinf(v))
        buf_puts(out, v > 0 ? "+Inf" : "-Inf");
    else if (v == floor(v))
        buf_printf(out, "%.0f", v);
    else
        buf_printf(out, "%.15g", v);
}

static void sample_start(struct buf *out, const char *name, const char *suffix,
                         const struct prom_label *labels, size_t n)
{
    buf_puts(out, name);
    buf_puts(out, suffix);
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, i ? "," : "{");
        buf_puts(out, labels[i].name);
        buf_puts(out, "=\"");
        escaped(out, labels[i].value, true);
        buf_putc(out, '"');
    }
    buf_puts(out, n ? "} " : " ");
}

void prom_sample(struct buf *out, const char *name, const struct prom_label *labels, size_t n, double value)
{
    sample_start(out, name, "", labels, n);
    number(out, value);
    buf_putc(out, '\n');
}

void prom_histogram(struct buf *out, const char *name, const struct prom_label *labels, size_t n,
                    const double *bounds, const uint64_t *counts, size_t nb, double sum)
{
    struct prom_label with_le[PROM_LABELS_MAX];
    char le[32];
    uint64_t below = 0;

    if (n >= PROM_LABELS_MAX) {
        out->failed = true;
        return;
    }
    memcpy(with_le, labels, n * sizeof *labels);
    with_le[n] = (struct prom_label){"le", le};
    for (size_t i = 0; i <= nb; i++) {
        below += counts[i];
        if (i < nb)
            snprintf(le, sizeof le, "%.15g", bounds[i]);
        else
            snprintf(le, sizeof le, "+Inf");
        sample_start(out, name, "_bucket", with_le, n + 1);
        buf_printf(out, "%llu\n", (unsigned long long)below);
    }
    sample_start(out, name, "_sum", labels, n);
    number(out, sum);
    buf_putc(out, '\n');
    sample_start(out, name, "_count", labels, n);
    buf_printf(out, "%llu\n", (unsigned long long)below);
}
