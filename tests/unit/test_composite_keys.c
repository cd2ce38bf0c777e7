/* test_composite_keys.c: unit tests of app/search.c's composite page reader (composite_keys_page): one table. */
#include "search.h"
#include "unit.h"

/* An OpenSearch 2 reply around the aggregation "ips" (members as the engine orders them). */
/* clang-format off */
#define REPLY(agg)                                                                                               \
    "{\"took\":12,\"timed_out\":false,\"_shards\":{\"total\":3,\"successful\":3,\"skipped\":0,\"failed\":0},"   \
    "\"hits\":{\"total\":{\"value\":10000,\"relation\":\"gte\"},\"max_score\":null,\"hits\":[]},"             \
    "\"aggregations\":{\"ips\":" agg "}}"
/* clang-format on */
#define BUCKET(ip, n) "{\"key\":{\"ip\":\"" ip "\"},\"doc_count\":" #n "}"
#define THREE_BUCKETS \
    "[" BUCKET("45.67.89.10", 17) "," BUCKET("185.10.20.30", 3) "," BUCKET("2a00:1450::1", 1) "]"
#define FULL_PAGE REPLY("{\"after_key\":{\"ip\":\"2a00:1450::1\"},\"buckets\":" THREE_BUCKETS "}")
#define DIGITS_100 \
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
#define KEY_255 DIGITS_100 DIGITS_100 "0123456789012345678901234567890123456789012345678901234"
#define KEY_256 KEY_255 "5"

/* What the visitor was handed, "key=count;" each ("-" for no plain key); "stop" makes it fail. */
static peba_err record(const char *key, long long count, void *ctx)
{
    if (key && strcmp(key, "stop") == 0)
        return PEBA_E_NOMEM;
    buf_printf(ctx, "%s=%lld;", key ? key : "-", count);
    return PEBA_OK;
}

START_TEST(pages_in_every_shape)
{
    static const struct {
        const char *what, *text;
        int page_size;
        peba_err err;
        const char *visited, *after; /* after: the after_key as JSON, NULL when none */
    } cases[] = {
        /* clang-format off */
        {"a full page and its after_key", FULL_PAGE, 3, PEBA_OK, "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;",
         "{\"ip\":\"2a00:1450::1\"}"},
        {"a short page is the last", FULL_PAGE, 4, PEBA_OK, "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;", NULL},
        {"after_key behind the buckets, blanks between tokens",
         "{ \"aggregations\" : { \"ips\" : { \"buckets\" : [ " BUCKET("1.2.3.4", 2) " ] ,\n"
         "\t\"after_key\" : { \"ip\" : \"1.2.3.4\" } } } }",
         1, PEBA_OK, "1.2.3.4=2;", "{\"ip\":\"1.2.3.4\"}"},
        {"escapes are read", REPLY("{\"buckets\":[{\"key\":{\"ip\":\"\\u0031.2.3.\\u0034\"},\"doc_count\":5}]}"), 2,
         PEBA_OK, "1.2.3.4=5;", NULL},
        {"keys that are no plain string",
         REPLY("{\"buckets\":[{\"key\":{\"ip\":12},\"doc_count\":1},{\"key\":{\"other\":\"1.2.3.4\"},\"doc_count\":2},"
               "{\"key\":\"1.2.3.4\",\"doc_count\":3},{\"doc_count\":4},{\"key\":{\"ip\":{\"ip\":\"1.2.3.4\"}},"
               "\"doc_count\":5},{\"key\":{\"ip\":\"" KEY_256 "\"},\"doc_count\":6},"
               "{\"key\":{\"ip\":\"a\\u0000b\"},\"doc_count\":7},{\"key\":{\"ip\":null},\"doc_count\":8}]}"),
         10, PEBA_OK, "-=1;-=2;-=3;-=4;-=5;-=6;-=7;-=8;", NULL},
        {"a key of 255 bytes is plain",
         REPLY("{\"buckets\":[{\"key\":{\"ip\":\"" KEY_255 "\"},\"doc_count\":1}]}"), 2, PEBA_OK, KEY_255 "=1;",
         NULL},
        {"other aggregations and sub-aggregations are skipped",
         "{\"aggregations\":{\"other\":{\"buckets\":[" BUCKET("9.9.9.9", 9) "],\"after_key\":{\"ip\":\"9.9.9.9\"}},"
         "\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"1.2.3.4\"},\"doc_count\":2,\"sub\":{\"buckets\":["
         BUCKET("8.8.8.8", 8) "]}}]},\"buckets\":[" BUCKET("7.7.7.7", 7) "]},\"buckets\":[]}",
         5, PEBA_OK, "1.2.3.4=2;", NULL},
        {"aggregations nested deeper are not the reply's", "{\"hits\":" REPLY("{\"buckets\":" THREE_BUCKETS "}") "}",
         3, PEBA_OK, "", NULL},
        {"no buckets", REPLY("{\"after_key\":{\"ip\":\"1.2.3.4\"},\"buckets\":[]}"), 3, PEBA_OK, "", NULL},
        {"a full page without after_key is the last", REPLY("{\"buckets\":" THREE_BUCKETS "}"), 3, PEBA_OK,
         "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;", NULL},
        {"no index matched: no aggregations",
         "{\"took\":0,\"_shards\":{\"total\":0},\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}", 3, PEBA_OK, "",
         NULL},
        {"no such aggregation", "{\"aggregations\":{\"hosts\":{\"buckets\":" THREE_BUCKETS "}}}", 3, PEBA_OK, "",
         NULL},
        {"an aggregation without buckets", REPLY("{\"after_key\":{\"ip\":\"1.2.3.4\"}}"), 3, PEBA_OK, "", NULL},
        {"aggregations that are no object", "{\"aggregations\":\"ips\"}", 3, PEBA_OK, "", NULL},
        {"a reply that is no object", "[" FULL_PAGE "]", 3, PEBA_OK, "", NULL},

        {"a full page whose after_key lacks the source",
         REPLY("{\"after_key\":{\"host\":\"x\"},\"buckets\":" THREE_BUCKETS "}"), 3, PEBA_E_BACKEND,
         "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;", NULL},
        {"a full page whose after_key is a number",
         REPLY("{\"after_key\":{\"ip\":7},\"buckets\":" THREE_BUCKETS "}"), 3, PEBA_E_BACKEND,
         "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;", NULL},
        {"buckets that are an object", REPLY("{\"buckets\":{\"a\":" BUCKET("1.2.3.4", 1) "}}"), 3, PEBA_E_BACKEND,
         "", NULL},
        {"buckets that are a string", REPLY("{\"buckets\":\"1.2.3.4\"}"), 3, PEBA_E_BACKEND, "", NULL},
        {"buckets that are null", REPLY("{\"buckets\":null}"), 3, PEBA_E_BACKEND, "", NULL},
        {"a bucket that is a number", REPLY("{\"buckets\":[" BUCKET("1.2.3.4", 1) ",5]}"), 3, PEBA_E_BACKEND,
         "1.2.3.4=1;", NULL},
        {"a bucket that is a list", REPLY("{\"buckets\":[[" BUCKET("1.2.3.4", 1) "]]}"), 3, PEBA_E_BACKEND, "",
         NULL},
        {"a bucket without its count", REPLY("{\"buckets\":[{\"key\":{\"ip\":\"1.2.3.4\"}}]}"), 3, PEBA_E_BACKEND,
         "", NULL},
        {"a count that is a string", REPLY("{\"buckets\":[{\"key\":{\"ip\":\"1.2.3.4\"},\"doc_count\":\"1\"}]}"), 3,
         PEBA_E_BACKEND, "", NULL},
        {"a count with a fraction", REPLY("{\"buckets\":[{\"key\":{\"ip\":\"1.2.3.4\"},\"doc_count\":1.5}]}"), 3,
         PEBA_E_BACKEND, "", NULL},
        {"a count beyond 64 bits",
         REPLY("{\"buckets\":[{\"key\":{\"ip\":\"1.2.3.4\"},\"doc_count\":99999999999999999999}]}"), 3,
         PEBA_E_BACKEND, "", NULL},

        {"cut off after a bucket",
         "{\"aggregations\":{\"ips\":{\"buckets\":[" BUCKET("45.67.89.10", 1) ",", 3, PEBA_E_BACKEND,
         "45.67.89.10=1;", NULL},
        {"cut off inside a key", "{\"aggregations\":{\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"45.67", 3,
         PEBA_E_BACKEND, "", NULL},
        {"a missing comma",
         "{\"aggregations\":{\"ips\":{\"buckets\":[{\"key\":{\"ip\":\"45.67.89.10\"} \"doc_count\":1}]}}}", 3,
         PEBA_E_BACKEND, "", NULL},
        {"unbalanced", "{\"aggregations\":{\"ips\":{\"buckets\":[" BUCKET("45.67.89.10", 1) "}}}", 3,
         PEBA_E_BACKEND, "45.67.89.10=1;", NULL},
        {"text after the reply", FULL_PAGE "{}", 3, PEBA_E_BACKEND,
         "45.67.89.10=17;185.10.20.30=3;2a00:1450::1=1;", NULL},
        {"a broken value skipped elsewhere", "{\"hits\":[1,2,}],\"aggregations\":{}}", 3, PEBA_E_BACKEND, "", NULL},
        {"invalid UTF-8 in a key", REPLY("{\"buckets\":[{\"key\":{\"ip\":\"\xff\"},\"doc_count\":1}]}"), 3,
         PEBA_E_BACKEND, "", NULL},
        {"no text at all", "", 3, PEBA_E_BACKEND, "", NULL},
        {"an HTML error page", "<html><body>502 Bad Gateway</body></html>", 3, PEBA_E_BACKEND, "", NULL},

        {"the visitor's failure ends the page", REPLY("{\"buckets\":[" BUCKET("1.2.3.4", 1) "," BUCKET("stop", 1)
                                                     "," BUCKET("5.6.7.8", 1) "]}"),
         3, PEBA_E_NOMEM, "1.2.3.4=1;", NULL},
        /* clang-format on */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf visited;
        cJSON *after = NULL;
        char *after_text;
        peba_err err;

        buf_init(&visited, 0);
        buf_puts(&visited, ""); /* data stays a string when nothing is visited */
        err = composite_keys_page(cases[i].text, strlen(cases[i].text), "ips", "ip", cases[i].page_size,
                                  record, &visited, &after);
        ck_assert_msg(err == cases[i].err, "%s: error %d, want %d", cases[i].what, err, cases[i].err);
        ck_assert_msg(visited.data && strcmp(visited.data, cases[i].visited) == 0, "%s: visited %s, want %s",
                      cases[i].what, visited.data, cases[i].visited);
        after_text = after ? cJSON_PrintUnformatted(after) : NULL;
        ck_assert_msg(cases[i].after ? after_text && strcmp(after_text, cases[i].after) == 0 : !after,
                      "%s: after_key %s, want %s", cases[i].what, after_text ? after_text : "none",
                      cases[i].after ? cases[i].after : "none");
        cJSON_free(after_text);
        cJSON_Delete(after);
        buf_free(&visited);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("composite_keys");

    tcase_add_test(unit_case(s, "Core"), pages_in_every_shape);
    return unit_run(s);
}
