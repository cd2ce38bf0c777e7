/* request.h: a parsed FastCGI request, the route table entry type, and the worker's state. */
#ifndef PEBA_REQUEST_H
#define PEBA_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "auth.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "envelope.h"
#include "error.h"
#include "es_client.h"
#include "es_query.h"
#include "geo.h"
#include "params.h"
#include "query.h"
#include "response.h"

enum http_method {
    METHOD_GET = 1 << 0,
    METHOD_POST = 1 << 1,
    METHOD_HEAD = 1 << 2,
    METHOD_OPTIONS = 1 << 3,
    METHOD_OTHER = 1 << 4,
};

/* Everything one worker process owns; created once, reused by every request. */
struct worker {
    struct peba_config cfg;
    const char *config_path;
    struct es_client *es;
    struct cache *cache;
    struct geo *geo;       /* GeoIP databases of the ingest route (lib/geo.h) */
    struct response res;
    struct buf body;       /* the request body of POST routes */
    struct buf scratch;    /* index expressions, cache keys */
    unsigned long requests;
    unsigned long cache_hits;
};

/* Who may use a route (spec 4.5): the body of an authenticated route is an EWS-SimpleMessage envelope. */
enum route_auth {
    AUTH_NONE,      /* public */
    AUTH_PRIVATE,   /* a registered user; the shared community credentials are refused (403) */
    AUTH_SUBMIT,    /* community or a registered user; getOnly users are refused (403) */
};

struct request;
struct route;

/* Fills res (status 200 and a body by default); returns an error to have it rendered instead. */
typedef peba_err (*route_handler)(struct worker *w, const struct request *req, struct response *res);

struct route {
    const char *path;
    unsigned methods;                 /* METHOD_GET implies HEAD; OPTIONS is always answered */
    route_handler handler;
    const struct param_spec *params;
    size_t nparams;
    enum out_format format;           /* default output (and error) format */
    bool out_param;                   /* `out=json` switches an XML route to JSON */
    bool honours_ci;
    enum route_auth auth;             /* checked before parameters and cache */
    enum cache_ttl_id ttl;            /* TTL_NONE: never cached */
};

struct request {
    unsigned method;
    const char *path;
    const char *query_string;
    const char *origin;               /* Origin header, may be NULL */
    const char *preflight_method;     /* Access-Control-Request-Method */
    const char *preflight_headers;    /* Access-Control-Request-Headers */
    const char *remote_addr;
    const char *content_type;
    long long content_length;         /* -1 when absent */
    const struct route *route;
    struct query query;
    struct param_value params[PARAMS_MAX];
    enum out_format format;
    enum data_domain domain;
    const struct buf *body;           /* POST body (private and ingest routes) */
    const struct ews_envelope *envelope; /* the parsed body of an authenticated route, else NULL */
    struct auth_user user;            /* who sent it (authenticated routes) */
};

/* The static route table (routes.c). */
const struct route *route_find(const char *path);

/* Runs one request through routing, validation, cache and handler into w->res. */
void dispatch(struct worker *w, struct request *req);

/* The body size limit of the route at path: ingest_max_body_bytes for submissions, else max_body_bytes. */
long request_body_limit(const struct worker *w, const char *path);

/*
 * auth_request.c: parses req->body into env (which req->envelope then points
 * to), verifies its credentials into req->user and applies the route's auth
 * rule. 403 for missing or wrong credentials and refused users (logged with
 * the claimed name and REMOTE_ADDR, never the token), 400 for a body that is
 * no acceptable envelope, 503 when the users index cannot be read. The
 * caller frees env with envelope_free, whatever the outcome.
 */
peba_err authenticate_request(struct worker *w, struct request *req, struct ews_envelope *env);

#endif
