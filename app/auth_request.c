/* auth_request.c: the authentication step of dispatch: envelope, credentials, the route's auth rule, the log line. */
#include "auth_request.h"

#include <string.h>

#include "log.h"
#include "worker.h"

#define NAME_SAMPLE 64

/* Logs a refusal with a printable sample of the claimed name and the peer; the token never appears. */
static peba_err refuse(const struct request *req, const char *username, const char *why,
                       const char *client_reason)
{
    char name[NAME_SAMPLE] = "";

    if (username)
        log_sample(name, sizeof name, username, strlen(username));
    log_warn("auth: %s refused for user '%s' from %s: %s", req->path, name,
             req->remote_addr ? req->remote_addr : "-", why);
    return peba_fail(PEBA_E_FORBIDDEN, "%s", client_reason);
}

/* The route's rule on top of valid credentials. */
static peba_err route_allows(const struct request *req, const char *username)
{
    if (req->route->auth == AUTH_PRIVATE && req->user.community)
        return refuse(req, username, "community credentials on a private feed",
                      "the community credentials may not read this feed");
    if (req->route->auth == AUTH_SUBMIT && req->user.get_only)
        return refuse(req, username, "getOnly user tried to submit", "this user may not submit alerts");
    return PEBA_OK;
}

peba_err authenticate_request(struct worker *w, struct request *req, struct ews_envelope *env)
{
    const struct buf *body = req->body;
    peba_err err;

    memset(env, 0, sizeof *env);
    if (!body || body->len == 0)
        return refuse(req, NULL, "empty body", "authentication required: the body carries no envelope");
    err = envelope_parse(body->data, body->len, env);
    if (err != PEBA_OK) {
        log_warn("auth: %s from %s: %s", req->path, req->remote_addr ? req->remote_addr : "-",
                 peba_reason(err));
        return err;
    }
    req->envelope = env;
    err = auth_verify(w->es, w->cache, &w->cfg, env->username, env->token, &req->user);
    if (err == PEBA_E_FORBIDDEN)
        return refuse(req, env->username, peba_reason(err), "authentication failed");
    if (err != PEBA_OK)
        return err;
    return route_allows(req, env->username);
}
