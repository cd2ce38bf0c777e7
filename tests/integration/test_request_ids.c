/*
 * test_request_ids.c: nginx's $request_id goes all the way (nginx/peba-locations.conf passes it as
 * REQUEST_ID): the answer carries it as X-Request-Id, the worker's log line about the request
 * names it, and the search engine's slow log shows it as the query's X-Opaque-Id.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define ID_LEN 32      /* nginx's $request_id: 16 random bytes in hex */
#define LOG_MAX_S 15.0 /* the engine writes its slow log in the background */

/* The answer's X-Request-Id, which must be nginx's 32 hex digits. */
static void request_id(const struct http_reply *r, char out[ID_LEN + 1])
{
    const char *id = http_header(r, "X-Request-Id");

    ck_assert_msg(id && strlen(id) == ID_LEN && strspn(id, "0123456789abcdef") == ID_LEN, "X-Request-Id: %s",
                  id ? id : "(none)");
    memcpy(out, id, ID_LEN + 1);
}

START_TEST(every_answer_names_its_request)
{
    static const char *const paths[] = {"/heartbeat", "/heartbeat",
                                        "/alert/retrieveAlertsCount?time=10&out=json", "/alert/noSuchRoute",
                                        "/alert/retrieveAlertsCount?time=x"};
    char ids[ARRAY_LEN(paths)][ID_LEN + 1];
    struct http_reply r;

    for (size_t i = 0; i < ARRAY_LEN(paths); i++) {
        http_get(paths[i], &r);
        request_id(&r, ids[i]);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(ids[i], ids[j]) != 0, "%s and %s share the id %s", paths[i], paths[j],
                          ids[i]);
        http_reply_free(&r);
    }
}
END_TEST

/* A file and a text it must come to hold. */
struct awaited {
    char path[4096];
    char text[256];
};

static bool file_holds(void *ctx)
{
    const struct awaited *a = ctx;
    char *content = harness_read_file(a->path);
    bool found = strstr(content, a->text) != NULL;

    free(content);
    return found;
}

START_TEST(the_workers_log_line_names_the_request)
{
    static const char body[] =
        "<EWS-SimpleMessage version=\"2.0\"><Authentication><username>mallory</username>"
        "<token>guess</token></Authentication></EWS-SimpleMessage>";
    struct awaited a;
    struct http_reply r;
    char id[ID_LEN + 1];

    http_post("/alert/retrieveIPs", body, strlen(body), "text/xml", &r);
    http_expect(&r, 403, HTTP_XML, NULL);
    request_id(&r, id);
    http_reply_free(&r);
    snprintf(a.path, sizeof a.path, "%s/workers.log", harness_env("RUNDIR"));
    snprintf(a.text, sizeof a.text, "[%s] warning: auth: /alert/retrieveIPs refused for user 'mallory'", id);
    harness_wait_until("the refusal logged with the request's id", LOG_MAX_S, file_holds, &a);
}
END_TEST

/* The search slow log of the stack's engine (its one node, RUNDIR/node-1, stack/lib.sh launch_node). */
static void slow_log(char *out, size_t size)
{
    char pattern[4096];
    glob_t g;

    snprintf(pattern, sizeof pattern, "%s/node-1/node_*/logs/*_index_search_slowlog.log",
             harness_env("RUNDIR"));
    ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc == 1, "no single %s", pattern);
    snprintf(out, size, "%s", g.gl_pathv[0]);
    globfree(&g);
}

START_TEST(the_engines_slow_log_names_the_request)
{
    char path[512], id[ID_LEN + 1];
    struct http_reply r;
    struct awaited a;

    /* every query on the alert indices is slow enough for the log */
    snprintf(path, sizeof path, "/%s/_settings", harness_alert_pattern());
    es_raw("PUT", path, "{\"index.search.slowlog.threshold.query.warn\":\"0ms\"}", &r);
    ck_assert_msg(r.status == 200, "PUT %s: %ld %s", path, r.status, r.body);
    http_reply_free(&r);
    harness_flush_cache();
    http_get("/alert/retrieveAlertsCount?time=10&out=json", &r);
    http_expect(&r, 200, HTTP_JSON, "{\"AlertCount\":1}\n");
    request_id(&r, id);
    http_reply_free(&r);
    slow_log(a.path, sizeof a.path);
    snprintf(a.text, sizeof a.text, "id[%s]", id);
    harness_wait_until("the query in the slow log with the request's id", LOG_MAX_S, file_holds, &a);
}
END_TEST

static void load_one(void)
{
    LOAD_ALERTS({.age = 30});
}

int main(void)
{
    Suite *s = suite_create("request_ids");

    HARNESS_CASE(s, "ids", load_one, every_answer_names_its_request, the_workers_log_line_names_the_request,
                 the_engines_slow_log_names_the_request);
    return harness_run(s);
}
