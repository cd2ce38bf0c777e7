/* params.c: pure validators for query parameters, and the walk of a route's list with defaults and aliases. */
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"

static peba_err bad(const struct param_spec *spec, const char *why)
{
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: %s", spec->name, why);
}

static peba_err bad_range(const struct param_spec *spec)
{
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: expected an integer from %lld to %lld", spec->name, spec->min,
                     spec->max);
}

static bool parse_integer(const char *raw, size_t len, bool allow_minus, long long *out)
{
    size_t i = 0;
    long long v = 0;
    bool neg = false;

    if (allow_minus && len > 0 && raw[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i == len || len - i > 18)
        return false;
    for (; i < len; i++) {
        if (raw[i] < '0' || raw[i] > '9')
            return false;
        v = v * 10 + (raw[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

static int find_choice(const char *const *choices, const char *raw, size_t len)
{
    for (int i = 0; choices && choices[i]; i++)
        if (strlen(choices[i]) == len && memcmp(choices[i], raw, len) == 0)
            return i;
    return -1;
}

peba_err param_int(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out)
{
    if (!parse_integer(raw, len, spec->min < 0, &out->num) || out->num < spec->min || out->num > spec->max)
        return bad_range(spec);
    out->choice = -1;
    return PEBA_OK;
}

peba_err param_choice(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out)
{
    char why[160] = "expected one of:";
    size_t used = strlen(why);

    out->choice = find_choice(spec->choices, raw, len);
    if (out->choice >= 0)
        return PEBA_OK;
    for (int i = 0; spec->choices[i] && used < sizeof why - 1; i++)
        used += (size_t)snprintf(why + used, sizeof why - used, " %s", spec->choices[i]);
    return bad(spec, why);
}

peba_err param_int_or_choice(const struct param_spec *spec, const char *raw, size_t len,
                             struct param_value *out)
{
    out->choice = find_choice(spec->choices, raw, len);
    if (out->choice >= 0)
        return PEBA_OK;
    if (parse_integer(raw, len, spec->min < 0, &out->num) && out->num >= spec->min && out->num <= spec->max)
        return PEBA_OK;
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: expected an integer from %lld to %lld or '%s'", spec->name,
                     spec->min, spec->max, spec->choices[0]);
}

peba_err param_datetime(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out)
{
    time_t t;

    if (!utc_parse_stamp(raw, len, &t))
        return bad(spec, "expected a UTC time as YYYY-MM-DD HH:MM:SS");
    out->num = (long long)t;
    out->choice = -1;
    return PEBA_OK;
}

peba_err param_compact_day(const struct param_spec *spec, const char *raw, size_t len,
                           struct param_value *out)
{
    time_t t;

    if (!utc_parse_compact_day(raw, len, &t))
        return bad(spec, "expected a date as YYYYMMDD");
    out->num = (long long)t;
    out->choice = -1;
    return PEBA_OK;
}

peba_err param_ip(const struct param_spec *spec, const char *raw, size_t len, struct param_value *out)
{
    char text[IP_TEXT_MAX];

    if (len >= sizeof text)
        return bad(spec, "expected an IPv4 or IPv6 address");
    memcpy(text, raw, len);
    text[len] = '\0';
    if (!ip_parse(text, out->addr))
        return bad(spec, "expected an IPv4 or IPv6 address");
    out->choice = -1;
    return PEBA_OK;
}

peba_err param_choice_list(const struct param_spec *spec, const char *raw, size_t len,
                           struct param_value *out)
{
    size_t start = 0;

    out->num = 0;
    out->choice = -1;
    while (start <= len) {
        const char *comma = memchr(raw + start, ',', len - start);
        size_t end = comma ? (size_t)(comma - raw) : len;
        int idx = find_choice(spec->choices, raw + start, end - start);

        if (idx < 0 || idx >= 63)
            return bad(spec, "unknown value in the comma-separated list");
        out->num |= 1LL << idx;
        start = end + 1;
    }
    return PEBA_OK;
}

/* Runs validate on the value once more URL-decoded ('+' as a space, as the first decoding). */
static peba_err decode_again(const struct param_spec *spec, const char *raw, size_t len,
                             struct param_value *out, param_validator validate)
{
    char *text = malloc(len + 1);
    peba_err err;
    size_t n;

    if (!text)
        return PEBA_E_NOMEM;
    n = percent_decode(text, raw, len, 1);
    text[n] = '\0';
    err = validate(spec, text, n, out);
    free(text);
    return err;
}

peba_err param_datetime_decoded_twice(const struct param_spec *spec, const char *raw, size_t len,
                                      struct param_value *out)
{
    return decode_again(spec, raw, len, out, param_datetime);
}

peba_err param_choice_list_decoded_twice(const struct param_spec *spec, const char *raw, size_t len,
                                         struct param_value *out)
{
    return decode_again(spec, raw, len, out, param_choice_list);
}

/* The client's non-empty value of name, or NULL. */
static const struct query_param *given(const struct query *q, const char *name)
{
    const struct query_param *qp = name ? query_get(q, name) : NULL;

    return qp && qp->value_len > 0 ? qp : NULL;
}

/* Checks one value of spec, reported under `name` (the spec's name or its alias). */
static peba_err validate(const struct param_spec *spec, const char *name, const char *raw, size_t len,
                         struct param_value *out)
{
    struct param_spec named = *spec;
    size_t max_len = spec->max_len ? spec->max_len : PARAM_DEFAULT_MAX_LEN;

    named.name = name;
    memset(out, 0, sizeof *out);
    out->choice = -1;
    if (len > max_len)
        return peba_fail(PEBA_E_BAD_REQUEST, "%s: longer than %zu bytes", name, max_len);
    if (memchr(raw, '\0', len))
        return bad(&named, "contains a NUL byte");
    return spec->validate(&named, raw, len, out);
}

/* One spec: the name's value, else the alias's (both checked when both are given), else the default. */
static peba_err parse_one(const struct param_spec *spec, const struct query *q, struct param_value *val)
{
    const struct query_param *qp = given(q, spec->name), *alias = given(q, spec->alias);
    struct param_value alias_val;
    peba_err err;

    if (qp && (err = validate(spec, spec->name, qp->value, qp->value_len, val)) != PEBA_OK)
        return err;
    if (alias && (err = validate(spec, spec->alias, alias->value, alias->value_len, &alias_val)) != PEBA_OK)
        return err;
    if (!qp && alias)
        *val = alias_val;
    if (qp || alias) {
        val->present = true;
        return PEBA_OK;
    }
    if (spec->required)
        return bad(spec, "required");
    if (spec->def)
        return validate(spec, spec->name, spec->def, strlen(spec->def), val);
    memset(val, 0, sizeof *val);
    val->choice = -1;
    return PEBA_OK;
}

peba_err params_parse(const struct param_spec *specs, size_t n, const struct query *q,
                      struct param_value *vals)
{
    for (size_t i = 0; i < n; i++) {
        peba_err err = parse_one(&specs[i], q, &vals[i]);

        if (err != PEBA_OK)
            return err;
    }
    return PEBA_OK;
}

void params_canonical(const struct param_spec *specs, size_t n, const struct param_value *vals,
                      struct buf *out)
{
    char ip[IP_TEXT_MAX];

    for (size_t i = 0; i < n; i++) {
        if (!vals[i].present)
            continue;
        if (vals[i].choice >= 0 && specs[i].choices && specs[i].validate != param_choice_list)
            buf_printf(out, "&%s=%s", specs[i].name, specs[i].choices[vals[i].choice]);
        else if (specs[i].validate == param_ip)
            buf_printf(out, "&%s=%s", specs[i].name, ip_format(vals[i].addr, ip));
        else
            buf_printf(out, "&%s=%lld", specs[i].name, vals[i].num);
    }
}
