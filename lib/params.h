/*
 * params.h: declarative validation of query parameters. Each route lists
 * {name, validator, bounds, default}; params_parse checks every one before a
 * handler runs, so handlers see only typed, canonical values and never code
 * a default of their own. Unknown parameters are ignored and the first of
 * repeated keys wins, as in the original.
 */
#ifndef PEBA_PARAMS_H
#define PEBA_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "array_len.h"
#include "buf.h"
#include "error.h"
#include "ip_class.h"
#include "query.h"

#define PARAM_DEFAULT_MAX_LEN 256
#define PARAMS_MAX 12

/*
 * A parameter as the handler sees it: the canonical value the validator produced from the
 * client's text, or from the spec's default when the client gave none.
 */
struct param_value {
    bool present;                    /* given by the client with a non-empty value (defaults are not) */
    long long num;                   /* integers; epoch seconds for dates; a bit set for choice lists */
    int choice;                      /* index into the spec's choices; -1 when the value is a number */
    unsigned char addr[IP_ADDR_LEN]; /* param_ip: the address in ip_class.h's 16-byte form */
};

struct param_spec;
typedef peba_err (*param_validator)(const struct param_spec *spec, const char *raw, size_t len,
                                    struct param_value *out);

struct param_spec {
    const char *name;
    param_validator validate;
    long long min, max;         /* integer bounds */
    size_t max_len;             /* 0: PARAM_DEFAULT_MAX_LEN */
    const char *const *choices; /* NULL-terminated words */
    bool required;
    const char *def;   /* absent: validated as if the client had sent this text */
    const char *alias; /* a second name, read when `name` is absent */
};

/* The parameters of a route, in the order of the enum its handler indexes them with. */
struct param_list {
    const struct param_spec *specs;
    size_t count;
};
/* clang-format off */
#define PARAM_LIST(array) {array, ARRAY_LEN(array)}
/* clang-format on */

/* Integer in [min, max], ASCII digits only (a leading '-' only when min < 0). */
peba_err param_int(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* One of the spec's choices, exactly. */
peba_err param_choice(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* One of the choices, or an integer in [min, max] (choice = -1). */
peba_err param_int_or_choice(const struct param_spec *spec, const char *raw, size_t len,
                             struct param_value *out);
/* "YYYY-MM-DD HH:MM:SS" (UTC) into num (epoch seconds). */
peba_err param_datetime(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* "YYYYMMDD" into num (epoch seconds at 00:00 UTC). */
peba_err param_compact_day(const struct param_spec *spec, const char *raw, size_t len,
                           struct param_value *out);
/* An IPv4 or IPv6 address into addr. */
peba_err param_ip(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out);
/* Comma-separated words, each one of the choices; num holds a bit set of the chosen indices. */
peba_err param_choice_list(const struct param_spec *spec, const char *raw, size_t len,
                           struct param_value *out);
/*
 * param_datetime and param_choice_list on the value URL-decoded once more: the original decoded
 * getStats' parameters twice, so clients send `%252F` for `/` there, and peba keeps accepting it.
 */
peba_err param_datetime_decoded_twice(const struct param_spec *spec, const char *raw, size_t len,
                                      struct param_value *out);
peba_err param_choice_list_decoded_twice(const struct param_spec *spec, const char *raw, size_t len,
                                         struct param_value *out);

/*
 * Validates every spec against q into vals[n]. An empty value counts as
 * absent; an absent parameter takes its spec's default. When both a name
 * and its alias are given, both are validated and the name's value is used.
 * Fails with PEBA_E_BAD_REQUEST and a one-line reason naming the parameter
 * as the client spelled it.
 */
peba_err params_parse(const struct param_spec *specs, size_t n, const struct query *q,
                      struct param_value *vals);

/*
 * Appends `&name=value` for each parameter the client gave, in spec order, with the canonical
 * value (an address as ip_format writes it): the form of cache keys.
 */
void params_canonical(const struct param_spec *specs, size_t n, const struct param_value *vals,
                      struct buf *out);

#endif
