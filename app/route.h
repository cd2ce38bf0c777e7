/* route.h: a row of the route table (routes.c) and a request on its way through dispatch and a handler. */
#ifndef PEBA_ROUTE_H
#define PEBA_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "auth.h"
#include "buf.h"
#include "config.h"
#include "error.h"
#include "es_query.h"
#include "params.h"
#include "query.h"
#include "response.h"

struct ews_envelope;
struct request;
struct worker;

enum http_method {
    METHOD_GET = 1 << 0,
    METHOD_POST = 1 << 1,
    METHOD_HEAD = 1 << 2,
    METHOD_OPTIONS = 1 << 3,
    METHOD_OTHER = 1 << 4,
};

/* Who may use a route; the body of an authenticated route is an EWS-SimpleMessage envelope. */
enum route_auth {
    AUTH_NONE,    /* public */
    AUTH_PRIVATE, /* a registered user; the shared community credentials are refused (403) */
    AUTH_SUBMIT,  /* community or a registered user; getOnly users are refused (403) */
};

/* What the `out` parameter may ask of a route. */
enum route_out {
    ROUTE_OUT_NONE,     /* no `out` parameter: the route's format only */
    ROUTE_OUT_JSON,     /* out=xml|json */
    ROUTE_OUT_JSON_TXT, /* out=xml|json|txt: the bad-IP lists, which firewalls read as lines of text */
};

/* Fills res (status 200 and a body by default); returns an error to have it rendered instead. */
typedef peba_err (*route_handler)(struct worker *w, const struct request *req, struct response *res);

struct route {
    const char *path;
    unsigned methods; /* METHOD_GET implies HEAD; OPTIONS is always answered */
    route_handler handler;
    const struct param_list *params; /* in the order of the handler's enum (its h_*.h) */
    enum out_format format;          /* default output (and error) format */
    enum route_out out;              /* the formats `out` may pick instead of format */
    bool honours_ci;
    enum route_auth auth;               /* checked before parameters and cache */
    long defaults[ROUTE_SETTING_COUNT]; /* per-route settings (lib/config.h); 0: the route has none */
};

struct request {
    unsigned method;
    const char *path;
    const char *query_string;
    const char *origin;            /* Origin header, may be NULL */
    const char *preflight_method;  /* Access-Control-Request-Method */
    const char *preflight_headers; /* Access-Control-Request-Headers */
    const char *remote_addr;
    const char *if_none_match; /* If-None-Match header, may be NULL */
    const char *content_type;
    long long content_length; /* -1 when absent */
    time_t now;               /* the request's clock, read once by dispatch: every date derives from it */
    const struct route *route;
    struct query query;
    struct param_value params[PARAMS_MAX];
    enum out_format format;
    enum data_domain domain;
    const struct buf *body;              /* POST body (private and ingest routes) */
    const struct ews_envelope *envelope; /* the parsed body of an authenticated route, else NULL */
    struct auth_user user;               /* who sent it (authenticated routes) */
};

/* The row of path in the static route table, or NULL. */
const struct route *route_find(const char *path);
/* The i-th row of the table, NULL past its end: every route, for listings of the routes and their keys. */
const struct route *route_at(size_t i);
/* The row number of route, a row of the table (route_at(route_index(r)) == r): its slot in metrics.h. */
size_t route_index(const struct route *route);
/* The route's name: the last segment of its path, its key in the per-route sections ([cache_ttl] tops). */
const char *route_name(const struct route *route);

/*
 * config_load_routes with the route table's names and defaults: what
 * peba-fcgi and pebactl load, so a per-route key that names no route taking
 * that setting is refused like any unknown key.
 */
peba_err routes_config_load(const char *path, struct peba_config *cfg);
/* The route's value of setting s in cfg (loaded by routes_config_load): the file's, else the row's default. */
long route_setting(const struct peba_config *cfg, const struct route *route, enum route_setting s);

#endif
