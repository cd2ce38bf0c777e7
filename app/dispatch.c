/* dispatch.c: one request's way through routing, CORS, method check, validation, cache and handler. */
#include "dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth_request.h"
#include "log.h"
#include "worker.h"

#define CACHE_KEY_MAX 2048

/* `out` by the route's out column; either list's choice indexes out_formats. */
static const char *const out_json_words[] = {"xml", "json", NULL};
static const char *const out_json_txt_words[] = {"xml", "json", "txt", NULL};
static const enum out_format out_formats[] = {FORMAT_XML, FORMAT_JSON, FORMAT_PLAIN};
static const struct param_spec out_params[] = {
    [ROUTE_OUT_JSON] = {.name = "out", .validate = param_choice, .choices = out_json_words},
    [ROUTE_OUT_JSON_TXT] = {.name = "out", .validate = param_choice, .choices = out_json_txt_words},
};
static const char *const ci_words[] = {"1", "0", "-1", NULL};
static const struct param_spec ci_param = {.name = "ci", .validate = param_choice, .choices = ci_words};

static const char *allow_header(const struct route *route)
{
    return (route->methods & METHOD_POST) ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
}

/*
 * CORS exactly as the original sent it, since the dashboard relies on it: only below /alert, the
 * configured origin when the request names none, echoed when it matches, nothing otherwise.
 */
static void add_cors_headers(struct worker *w, const struct request *req, struct response *res)
{
    response_header(res, "Access-Control-Allow-Credentials", "true");
    if (strncmp(req->path, "/alert", 6) != 0)
        return;
    if (!req->origin)
        response_header(res, "Access-Control-Allow-Origin", w->cfg.cors_origin);
    else if (strcasecmp(req->origin, w->cfg.cors_origin) == 0)
        response_header(res, "Access-Control-Allow-Origin", req->origin);
    if (req->method == METHOD_OPTIONS && req->preflight_method) {
        response_header(res, "Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        if (req->preflight_headers)
            response_header(res, "Access-Control-Allow-Headers", req->preflight_headers);
    }
}

/* The `out` and `ci` parameters every route may carry, then the route's own. */
static peba_err parse_params(struct request *req)
{
    const struct route *route = req->route;
    struct param_value value;
    peba_err err;

    req->format = route->format;
    req->domain = DOMAIN_COMMUNITY;
    if (route->out != ROUTE_OUT_NONE) {
        if ((err = params_parse(&out_params[route->out], 1, &req->query, &value)) != PEBA_OK)
            return err;
        if (value.present)
            req->format = out_formats[value.choice];
    }
    if (route->honours_ci) {
        if ((err = params_parse(&ci_param, 1, &req->query, &value)) != PEBA_OK)
            return err;
        if (value.present)
            req->domain = (enum data_domain)value.choice;
    }
    return params_parse(route->params->specs, route->params->count, &req->query, req->params);
}

/* route + validated parameters + domain + format: everything that changes the answer; false if too long. */
static bool cache_key(const struct request *req, struct buf *key)
{
    const struct param_list *params = req->route->params;

    buf_reset(key, 1u << 16);
    buf_printf(key, "%s?format=%d&domain=%d", req->route->path, (int)req->format, (int)req->domain);
    params_canonical(params->specs, params->count, req->params, key);
    return !key->failed && key->len < CACHE_KEY_MAX;
}

/*
 * Tells nginx how many seconds it may keep the answer (X-Accel-Expires, which
 * nginx reads and never passes on; nginx/peba-locations.conf). Only public
 * answers: one of an authenticated route may hold what only its caller may see.
 */
static void mark_cacheable(const struct request *req, struct response *res, long seconds)
{
    char value[24];

    if (req->route->auth != AUTH_NONE || seconds <= 0)
        return;
    snprintf(value, sizeof value, "%ld", seconds);
    response_header(res, "X-Accel-Expires", value);
}

static peba_err run_cached(struct worker *w, struct request *req, struct response *res)
{
    unsigned ttl = (unsigned)route_setting(&w->cfg, req->route, ROUTE_CACHE_TTL);
    bool keyed = ttl && cache_key(req, &w->cache_key);
    char content_type[64];
    time_t expires;
    peba_err err;

    if (keyed && cache_get(w->cache, w->cache_key.data, &res->body, content_type, sizeof content_type, &expires)) {
        w->cache_hits++;
        res->content_type = strcmp(content_type, CT_XML) == 0    ? CT_XML
                            : strcmp(content_type, CT_JSON) == 0 ? CT_JSON
                                                                 : CT_HTML;
        /* what is left of the entry's life, so that nginx's copy ends with it (a TTL lowered since: that);
         * both caches expire together, and a refresh of nginx's copy reaches the engine */
        mark_cacheable(req, res, expires - req->now < (time_t)ttl ? (long)(expires - req->now) : (long)ttl);
        return PEBA_OK;
    }
    res->cache_ttl = ttl;
    err = req->route->handler(w, req, res);
    if (res->cache_ttl < ttl)
        ttl = res->cache_ttl; /* a handler may shorten its response's life, never extend it */
    if (err == PEBA_OK && res->status == 200 && !res->body.failed && ttl) {
        mark_cacheable(req, res, (long)ttl);
        if (keyed)
            cache_put(w->cache, w->cache_key.data, res->content_type, res->body.data, res->body.len, ttl);
    }
    return err;
}

/* Parameters, then the (cached) handler. */
static peba_err run_route(struct worker *w, struct request *req, struct response *res)
{
    peba_err err = parse_params(req);

    if (err != PEBA_OK)
        return err;
    res->content_type = format_content_type(req->format);
    return run_cached(w, req, res);
}

/*
 * The error format where parameters are not parsed (404, refused credentials): `out=json`, or
 * `out=txt` on a route that takes it; else the request's format.
 */
static enum out_format early_format(const struct request *req)
{
    const struct query_param *out = query_get(&req->query, "out");

    if (out && strcmp(out->value, "json") == 0)
        return FORMAT_JSON;
    if (out && strcmp(out->value, "txt") == 0 && req->route && req->route->out == ROUTE_OUT_JSON_TXT)
        return FORMAT_PLAIN;
    return req->format;
}

/*
 * Credentials before parameters and cache, so an unauthenticated caller learns nothing else about
 * the route; the envelope lives until the handler is done.
 */
static peba_err run_authenticated(struct worker *w, struct request *req, struct response *res)
{
    struct ews_envelope env;
    peba_err err;

    if (req->route->out != ROUTE_OUT_NONE)
        req->format = early_format(req);
    err = authenticate_request(w, req, &env);
    if (err == PEBA_OK)
        err = run_route(w, req, res);
    envelope_free(&env);
    req->envelope = NULL;
    return err;
}

static peba_err route_request(struct worker *w, struct request *req, struct response *res)
{
    const struct route *route = req->route;

    if (req->method == METHOD_OPTIONS) {
        response_header(res, "Allow", allow_header(route));
        return PEBA_OK;
    }
    if (!(route->methods & req->method) && !(req->method == METHOD_HEAD && (route->methods & METHOD_GET))) {
        response_header(res, "Allow", allow_header(route));
        return peba_fail(PEBA_E_METHOD, "method not allowed; allowed: %s", allow_header(route));
    }
    return route->auth == AUTH_NONE ? run_route(w, req, res) : run_authenticated(w, req, res);
}

static peba_err not_found(struct request *req)
{
    req->format = early_format(req);
    return peba_fail(PEBA_E_NOT_FOUND, "no such endpoint");
}

void dispatch(struct worker *w, struct request *req)
{
    struct response *res = &w->res;
    peba_err err;

    peba_clear_reason();
    req->now = time(NULL);
    req->route = route_find(req->path);
    req->format = req->route ? req->route->format : FORMAT_XML;
    es_budget(w->es, req->route ? route_setting(&w->cfg, req->route, ROUTE_ENGINE_BUDGET) : 0);
    add_cors_headers(w, req, res);
    err = query_parse(&req->query, req->query_string, (size_t)w->cfg.max_query_bytes);
    if (err == PEBA_OK)
        err = req->route ? route_request(w, req, res) : not_found(req);
    if (err == PEBA_OK && res->body.failed)
        err = peba_fail(PEBA_E_NOMEM, "response too large for memory");
    if (err != PEBA_OK) {
        if (err == PEBA_E_BACKEND || err == PEBA_E_NOMEM)
            log_warn("%s: %s", req->path, peba_reason(err));
        response_error(res, req->format, err);
    }
    query_free(&req->query);
}

long request_body_limit(const struct worker *w, const char *path)
{
    const struct route *route = route_find(path);

    return route && route->auth == AUTH_SUBMIT ? w->cfg.ingest_max_body_bytes : w->cfg.max_body_bytes;
}
