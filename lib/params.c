/* params.c: pure validators for query parameters. */
#include "params.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "timeutil.h"

static peba_err bad(const struct param_spec *spec, const char *why)
{
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: %s", spec->name, why);
}

static peba_err bad_range(const struct param_spec *spec)
{
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: expected an integer from %lld to %lld", spec->name,
                     spec->min, spec->max);
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
    return peba_fail(PEBA_E_BAD_REQUEST, "%s: expected an integer from %lld to %lld or '%s'",
                     spec->name, spec->min, spec->max, spec->choices[0]);
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
    unsigned char addr[16];
    char text[INET6_ADDRSTRLEN];

    if (len >= sizeof text)
        return bad(spec, "expected an IPv4 or IPv6 address");
    memcpy(text, raw, len);
    text[len] = '\0';
    if (inet_pton(AF_INET, text, addr) != 1 && inet_pton(AF_INET6, text, addr) != 1)
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

peba_err params_parse(const struct param_spec *specs, size_t n, const struct query *q,
                      struct param_value *vals)
{
    for (size_t i = 0; i < n; i++) {
        const struct param_spec *spec = &specs[i];
        const struct query_param *qp = query_get(q, spec->name);
        size_t max_len = spec->max_len ? spec->max_len : PARAM_DEFAULT_MAX_LEN;
        peba_err err;

        memset(&vals[i], 0, sizeof vals[i]);
        vals[i].choice = -1;
        if (!qp || qp->value_len == 0) {
            if (spec->required)
                return bad(spec, "required");
            continue;
        }
        if (qp->value_len > max_len)
            return peba_fail(PEBA_E_BAD_REQUEST, "%s: longer than %zu bytes", spec->name, max_len);
        if (memchr(qp->value, '\0', qp->value_len))
            return bad(spec, "contains a NUL byte");
        err = spec->validate(spec, qp->value, qp->value_len, &vals[i]);
        if (err != PEBA_OK)
            return err;
        vals[i].present = true;
        vals[i].str = qp->value;
        vals[i].len = qp->value_len;
    }
    return PEBA_OK;
}

void params_canonical(const struct param_spec *specs, size_t n, const struct param_value *vals,
                      struct buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (!vals[i].present)
            continue;
        if (vals[i].choice >= 0 && specs[i].choices && specs[i].validate != param_choice_list)
            buf_printf(out, "&%s=%s", specs[i].name, specs[i].choices[vals[i].choice]);
        else if (specs[i].validate == param_ip)
            buf_printf(out, "&%s=%s", specs[i].name, vals[i].str);
        else
            buf_printf(out, "&%s=%lld", specs[i].name, vals[i].num);
    }
}
