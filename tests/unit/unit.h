/*
 * unit.h: the frame every unit-test program shares: "Core" and "Limits" cases, the runner,
 * byte-exact asserts, and (unit.c) a route's parameters and a reply mapper run the way dispatch runs them.
 */
#ifndef PEBA_UNIT_H
#define PEBA_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "error.h"

struct request;

/* Every test is pure computation; anything near this long is a hang. */
#define UNIT_TIMEOUT_SECONDS 10

/* A test case of s; each test runs in its own forked process (Check's default) under the timeout. */
static inline TCase *unit_case(Suite *s, const char *name)
{
    TCase *tc = tcase_create(name);

    tcase_set_timeout(tc, UNIT_TIMEOUT_SECONDS);
    suite_add_tcase(s, tc);
    return tc;
}

/* Runs every case of s and turns the outcome into the exit status ctest reads. */
static inline int unit_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Parses a recorded JSON text; a literal that does not parse is a broken test. */
static inline cJSON *unit_json(const char *text)
{
    cJSON *item = cJSON_Parse(text);

    ck_assert_msg(item != NULL, "test JSON does not parse: %.200s", text);
    return item;
}

/*
 * True when got and want hold the same bytes; otherwise describes the first
 * difference in msg. Check refuses long failure messages, so a mismatch of
 * long bodies is reported as a short window around the first differing byte.
 */
static inline bool unit_same(const char *got, size_t got_len, const char *want, size_t want_len, char *msg,
                             size_t size)
{
    size_t at = 0, from;

    while (at < got_len && at < want_len && got[at] == want[at])
        at++;
    if (at == got_len && at == want_len)
        return true;
    from = at > 30 ? at - 30 : 0;
    snprintf(msg, size, "bytes differ at offset %zu (lengths %zu, want %zu): got \"%.*s\" want \"%.*s\"", at,
             got_len, want_len, (int)(got_len - from < 80 ? got_len - from : 80), got + from,
             (int)(want_len - from < 80 ? want_len - from : 80), want + from);
    return false;
}

/* The len bytes at got equal the want_len bytes at want. */
#define assert_bytes_are(got, got_len, want, want_len)                           \
    do {                                                                         \
        char msg_[512];                                                          \
        bool same_ = unit_same(got, got_len, want, want_len, msg_, sizeof msg_); \
        ck_assert_msg(same_, "%s", msg_);                                        \
    } while (0)

/* The buffer holds exactly the bytes of the string literal `want` (embedded NULs included). */
#define assert_buf_is(b, want) assert_bytes_are((b)->data ? (b)->data : "", (b)->len, want, sizeof(want) - 1)

/* The NUL-terminated text equals want. */
#define assert_text_is(text, want)                        \
    do {                                                  \
        const char *t_ = (text) ? (text) : "(null)";      \
        const char *w_ = (want);                          \
        assert_bytes_are(t_, strlen(t_), w_, strlen(w_)); \
    } while (0)

/* cJSON's compact text of item (what es_search sends) equals want. */
#define assert_cjson_is(item, want)                 \
    do {                                            \
        char *text_ = cJSON_PrintUnformatted(item); \
        assert_text_is(text_, want);                \
        free(text_);                                \
    } while (0)

/* Compares a built query's compact text with want, then frees it. */
#define assert_query(query, want)  \
    do {                           \
        cJSON *q_ = (query);       \
        assert_cjson_is(q_, want); \
        cJSON_Delete(q_);          \
    } while (0)

/*
 * Fills req as dispatch would for path and query_string up to the handler:
 * route, default format, community domain, and the route's parameters
 * validated with their defaults (now stays 0: a test sets the clock it
 * wants). Returns params_parse's result.
 */
peba_err unit_parse_route(const char *path, const char *query_string, struct request *req);

/*
 * Runs the /bin/sh command; its standard output goes to out (initialised here, NUL-terminated,
 * the NUL not counted in out->len). Returns pclose's status (0 when the command exited 0).
 */
int unit_command(const char *command, struct buf *out);

/* Runs map (a reply_mapper, app/search.h) over the recorded reply text for req into out (initialised here). */
peba_err unit_map(peba_err (*map)(const cJSON *reply, const struct request *req, struct buf *out),
                  const char *reply_text, const struct request *req, struct buf *out);

/* map turns the recorded reply text, for req, into exactly the bytes of the string literal want. */
#define assert_maps_to(map, reply_text, req, want)                        \
    do {                                                                  \
        struct buf out_;                                                  \
        ck_assert_int_eq(unit_map(map, reply_text, req, &out_), PEBA_OK); \
        assert_buf_is(&out_, want);                                       \
        buf_free(&out_);                                                  \
    } while (0)

#endif
