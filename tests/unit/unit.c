/* unit.c: what the handler tests share: a route's parameters over a query string, a mapper over a recorded reply. */
#include "unit.h"

#include "route.h"

#define UNIT_QUERY_MAX 4096 /* [server] max_query_bytes' default */

peba_err unit_parse_route(const char *path, const char *query_string, struct request *req)
{
    const struct route *route = route_find(path);
    peba_err err;

    ck_assert_msg(route != NULL, "no route %s", path);
    memset(req, 0, sizeof *req);
    req->path = path;
    req->route = route;
    req->format = route->format;
    req->domain = DOMAIN_COMMUNITY;
    ck_assert_int_eq(query_parse(&req->query, query_string, UNIT_QUERY_MAX), PEBA_OK);
    peba_clear_reason();
    err = params_parse(route->params->specs, route->params->count, &req->query, req->params);
    /* validated values are copies: nothing of them points into the query */
    query_free(&req->query);
    return err;
}

peba_err unit_map(peba_err (*map)(const cJSON *reply, const struct request *req, struct buf *out),
                  const char *reply_text, const struct request *req, struct buf *out)
{
    cJSON *reply = unit_json(reply_text);
    peba_err err;

    buf_init(out, 0);
    err = map(reply, req, out);
    cJSON_Delete(reply);
    return err;
}

int unit_command(const char *command, struct buf *out)
{
    FILE *p = popen(command, "r");
    char chunk[4096];
    size_t n;

    ck_assert_msg(p != NULL, "cannot run %s", command);
    buf_init(out, 0);
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        buf_append(out, chunk, n);
    buf_putc(out, '\0');
    ck_assert_msg(!out->failed, "%s: out of memory", command);
    out->len--;
    return pclose(p);
}
