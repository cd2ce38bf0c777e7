/*
 * fuzz_query.c: arbitrary bytes as QUERY_STRING through query_parse and the
 * parameter validators of every route that takes parameters; what passes
 * must hold the validators' promises, what fails must render a well-formed
 * XML and JSON error body.
 */
#include "array_len.h"
#include "fuzz.h"
#include "route.h"
#include "timeutil.h"

#define MAX_QUERY_BYTES 4096 /* [server] max_query_bytes' default */
#define DAY_SECONDS 86400

/* The routes of routes.c that take parameters; a path the table no longer has fails the target. */
static const char *const param_routes[] = {
    "/alert/retrieveAlertsCount",
    "/alert/datasetAlertsPerMonth",
    "/alert/topCountriesAttacks",
    "/alert/retrieveLatLonAttacks",
    "/alert/TpotStats",
    "/alert/getStats",
    "/alert/tops",
    "/alert/querySingleIP",
};

static void check_query(const struct query *q, size_t raw_len)
{
    if (q->count < 0 || q->count > QUERY_MAX_PARAMS)
        fuzz_fail("query: parameter count out of range", NULL, 0);
    for (int i = 0; i < q->count; i++) {
        const struct query_param *p = &q->items[i];

        /* decoding never grows the text, and both parts stay NUL-terminated */
        if (p->key_len > raw_len || p->value_len > raw_len || p->key[p->key_len] || p->value[p->value_len])
            fuzz_fail("query: decoded key or value overruns", p->key, p->key_len);
    }
}

static long long choice_count(const char *const *choices)
{
    long long n = 0;

    while (choices && choices[n])
        n++;
    return n;
}

static bool is_choice_list(param_validator v)
{
    return v == param_choice_list || v == param_choice_list_decoded_twice;
}

static bool is_datetime(param_validator v)
{
    return v == param_datetime || v == param_datetime_decoded_twice;
}

/* The client's value behind an accepted parameter: its name's, else its alias's. */
static const struct query_param *raw_value(const struct query *q, const struct param_spec *spec)
{
    const struct query_param *qp = query_get(q, spec->name);

    if ((!qp || !qp->value_len) && spec->alias)
        qp = query_get(q, spec->alias);
    return qp && qp->value_len ? qp : NULL;
}

/* The promise of the spec's validator about a value it accepted, or the default it filled in. */
static void check_value(const struct param_spec *spec, const struct query *q, const struct param_value *v)
{
    const struct query_param *raw = raw_value(q, spec);
    size_t max_len = spec->max_len ? spec->max_len : PARAM_DEFAULT_MAX_LEN;
    long long n = choice_count(spec->choices);
    bool in_range = v->num >= spec->min && v->num <= spec->max;
    const char *text = raw ? raw->value : spec->def ? spec->def : "";
    size_t len = strlen(text);
    char stamp[UTC_STAMP_LEN];
    unsigned char addr[IP_ADDR_LEN];
    char ip[IP_TEXT_MAX];
    time_t t;

    if (v->present != (raw != NULL))
        fuzz_fail("params: present does not match the query", spec->name, strlen(spec->name));
    if (!raw && spec->required)
        fuzz_fail("params: a required parameter is absent but accepted", spec->name, strlen(spec->name));
    if (!raw && !spec->def)
        return;
    if (raw && (raw->value_len > max_len || memchr(raw->value, '\0', raw->value_len)))
        fuzz_fail("params: accepted value is too long or holds NUL", raw->value, raw->value_len);
    if (spec->validate == param_int && (!in_range || v->choice != -1))
        fuzz_fail("params: integer out of bounds", text, len);
    if (spec->validate == param_choice && (v->choice < 0 || v->choice >= n))
        fuzz_fail("params: choice index out of range", text, len);
    if (spec->validate == param_int_or_choice && (v->choice >= n || (v->choice < 0 && !in_range)))
        fuzz_fail("params: neither a choice nor an integer in bounds", text, len);
    if (is_choice_list(spec->validate) && (v->num <= 0 || (n < 63 && (v->num >> n) != 0)))
        fuzz_fail("params: choice list bits out of range", text, len);
    if (spec->validate == param_compact_day && v->num % DAY_SECONDS != 0)
        fuzz_fail("params: a day that does not start at 00:00 UTC", text, len);
    if (is_datetime(spec->validate)) {
        utc_format((time_t)v->num, stamp);
        if (!utc_parse_stamp(stamp, strlen(stamp), &t) || t != (time_t)v->num)
            fuzz_fail("params: datetime does not survive formatting", text, len);
    }
    if (spec->validate == param_ip &&
        (!ip_parse(ip_format(v->addr, ip), addr) || memcmp(addr, v->addr, sizeof addr) != 0))
        fuzz_fail("params: accepted address does not survive formatting", text, len);
}

/* The cache key part: `&name=value` per present parameter, printable, no separator inside a value. */
static void check_canonical(const struct route *route, const struct param_value *vals)
{
    struct buf key;
    size_t present = 0, amps = 0, eqs = 0;

    buf_init(&key, 0);
    params_canonical(route->params->specs, route->params->count, vals, &key);
    for (size_t i = 0; i < route->params->count; i++)
        present += vals[i].present;
    for (size_t i = 0; i < key.len; i++) {
        unsigned char c = (unsigned char)key.data[i];

        if (c <= 0x20 || c >= 0x7F)
            fuzz_fail("params_canonical: unprintable byte in a cache key", key.data, key.len);
        amps += c == '&';
        eqs += c == '=';
    }
    if (key.failed || amps != present || eqs != present)
        fuzz_fail("params_canonical: ambiguous cache key", key.data, key.len);
    buf_free(&key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = malloc(size + 1);
    struct query q;
    peba_err err;

    if (!raw)
        return 0;
    /* QUERY_STRING is a C string: the bytes up to a NUL are what a request can carry */
    memcpy(raw, data, size);
    raw[size] = '\0';
    err = query_parse(&q, raw, MAX_QUERY_BYTES);
    if (err != PEBA_OK) {
        fuzz_check_error_bodies(err);
    } else {
        check_query(&q, strlen(raw));
        for (size_t r = 0; r < ARRAY_LEN(param_routes); r++) {
            const struct route *route = route_find(param_routes[r]);
            struct param_value vals[PARAMS_MAX];

            if (!route || !route->params->count || route->params->count > PARAMS_MAX)
                fuzz_fail("no parameter list for route", param_routes[r], strlen(param_routes[r]));
            peba_clear_reason();
            err = params_parse(route->params->specs, route->params->count, &q, vals);
            if (err != PEBA_OK) {
                fuzz_check_error_bodies(err);
                continue;
            }
            for (size_t i = 0; i < route->params->count; i++)
                check_value(&route->params->specs[i], &q, &vals[i]);
            check_canonical(route, vals);
        }
    }
    query_free(&q);
    free(raw);
    return 0;
}
