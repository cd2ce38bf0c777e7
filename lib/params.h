/*
 * params.h: declarative validation of query parameters. Each route lists
 * {name, validator, bounds}; params_parse checks every one before a handler
 * runs, so handlers see only typed, validated values. Unknown parameters are
 * ignored and the first of repeated keys wins, as in the original.
 */
#ifndef PEBA_PARAMS_H
#define PEBA_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "query.h"

#define PARAM_DEFAULT_MAX_LEN 256
#define PARAMS_MAX 12

struct param_value {
    bool present;       /* given with a non-empty value */
    long long num;      /* integers; epoch seconds for dates */
    int choice;         /* index into the spec's choices; -1 when the value is a number */
    const char *str;    /* validated text (points into the query) */
    size_t len;
};

struct param_spec;
typedef peba_err (*param_validator)(const struct param_spec *spec, const char *raw, size_t len,
                                    struct param_value *out);

struct param_spec {
    const char *name;
    param_validator validate;
    long long min, max;           /* integer bounds */
    size_t max_len;               /* 0: PARAM_DEFAULT_MAX_LEN */
    const char *const *choices;   /* NULL-terminated words */
    bool required;
};

/* Integer in [min, max], ASCII digits only (a leading '-' only when min < 0). */
peba_err param_int(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* One of the spec's choices, exactly. */
peba_err param_choice(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* One of the choices, or an integer in [min, max] (choice = -1). */
peba_err param_int_or_choice(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* "YYYY-MM-DD HH:MM:SS" (UTC) into num (epoch seconds). */
peba_err param_datetime(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* "YYYYMMDD" into num (epoch seconds at 00:00 UTC). */
peba_err param_compact_day(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* An IPv4 or IPv6 address. */
peba_err param_ip(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* Comma-separated words, each one of the choices; num holds a bit set of the chosen indices. */
peba_err param_choice_list(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);

/*
 * Validates every spec against q into vals[n]. An empty value counts as
 * absent. Fails with PEBA_E_BAD_REQUEST and a one-line reason naming the
 * parameter.
 */
peba_err params_parse(const struct param_spec *specs, size_t n, const struct query *q,
                      struct param_value *vals);

/* Appends `&name=value` for each present parameter in spec order: the canonical form for cache keys. */
void params_canonical(const struct param_spec *specs, size_t n, const struct param_value *vals,
                      struct buf *out);

#endif
