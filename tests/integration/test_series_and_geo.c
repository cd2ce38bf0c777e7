/*
 * test_series_and_geo.c: the dashboard's per-day series and maps through the stack, from one data
 * set: datasetAlertsPerMonth, datasetAlertTypesPerMonth, topCountriesAttacks, retrieveLatLonAttacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "harness.h"
#include "timeutil.h"

#define DAY 86400
#define MIDNIGHT_MARGIN \
    90 /* seconds kept clear of a UTC day change, so "today" means the same to test and engine */
#define SERIES_DAYS 41 /* days back the fixtures reach (40) plus today */

static time_t now_t; /* the fixtures' "now" */
static time_t today; /* 00:00 UTC of now_t */

/* Days back → alerts that day, per domain (community, private); the fixtures below, counted by hand. */
static const int community_days[SERIES_DAYS] = {[0] = 3, [1] = 1, [3] = 1, [4] = 1, [40] = 1};
static const int private_days[SERIES_DAYS] = {[0] = 2, [1] = 1};

static bool clear_of_midnight(void *ctx)
{
    time_t t = time(NULL);

    (void)ctx;
    return t % DAY >= MIDNIGHT_MARGIN && t % DAY <= DAY - MIDNIGHT_MARGIN;
}

/*
 * Appends alert a, created and received at the given moments, to the NDJSON text. target_name
 * names a's target country (NULL: the harness's "Germany"; "": the alert has no target country).
 * Set here rather than through a.extra, whose replacing of a member reads a freed key.
 */
static void put(struct buf *ndjson, struct alert a, time_t created, time_t received, const char *target_name)
{
    char *text;
    cJSON *doc;

    a.age = (long)(now_t - received);
    a.create_lag = (long)(received - created);
    text = alert_doc(now_t, &a);
    doc = cJSON_Parse(text);
    free(text);
    ck_assert_msg(doc != NULL, "alert_doc made no JSON object");
    if (target_name && *target_name)
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "targetCountryName", cJSON_CreateString(target_name));
    else if (target_name)
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "targetCountry");
    text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    ck_assert_msg(text != NULL, "out of memory");
    buf_puts(ndjson, text);
    buf_putc(ndjson, '\n');
    free(text);
}

/*
 * Community: three alerts now (2 Webpage NL, 1 cowrie CN), one yesterday (dionaea US), one at
 * exactly 00:00 three days ago (heralding RU: the first second of a days=3 window), one a second
 * earlier, one 40 days ago and one dated the day after tomorrow (a wrong honeypot clock).
 * Private: two now (dionaea US -> PL, heralding BR with a malformed location), one yesterday.
 * Last month (by recievedTime): community FR -> AT and CN -> DE, private FR without a target.
 */
static void load_fixtures(void)
{
    struct buf nd;
    time_t recent, yesterday, edge, last_month;
    struct tm tm;

    harness_wait_until("the clock clear of a UTC day change", 2 * MIDNIGHT_MARGIN + 10, clear_of_midnight,
                       NULL);
    now_t = time(NULL);
    today = utc_day_start(now_t);
    recent = now_t - 30;
    yesterday = today - DAY + 30;
    edge = today - 3 * DAY;
    gmtime_r(&today, &tm);
    last_month = today - (time_t)(tm.tm_mday - 1) * DAY - DAY / 2; /* noon of last month's last day */
    buf_init(&nd, 0);
    /* clang-format off */
    put(&nd, (struct alert){.peer_type = "Webpage"}, recent, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Webpage"}, recent, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "SSH/console(cowrie)", .country = "CN", .country_name = "China",
                            .location = "34.7725 , 113.7266"}, recent, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Network(dionaea)", .country = "US", .country_name = "United States",
                            .location = "37.751 , -97.822"}, yesterday, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Passwords(heralding)", .country = "RU", .country_name = "Russia",
                            .location = "55.7386 , 37.6068"}, edge, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Webpage"}, edge - 1, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Webpage"}, today - 40 * DAY + 7200, now_t - 10, NULL);
    put(&nd, (struct alert){.peer_type = "Webpage"}, today + 2 * DAY + 3600, now_t - 10, NULL);
    put(&nd, (struct alert){.private_domain = true, .peer_type = "Network(dionaea)", .country = "US",
                            .country_name = "United States", .target_country = "PL",
                            .location = "37.751 , -97.822", .location_dest = "52.2297 , 21.0122"},
        recent, now_t - 10, "Poland");
    put(&nd, (struct alert){.private_domain = true, .peer_type = "Passwords(heralding)", .country = "BR",
                            .country_name = "Brazil", .location = "bogus"}, recent, now_t - 10, NULL);
    put(&nd, (struct alert){.private_domain = true, .peer_type = "Webpage"}, yesterday, now_t - 10, NULL);
    put(&nd, (struct alert){.country = "FR", .country_name = "France", .target_country = "AT"},
        today - 100 * DAY, last_month, "Austria");
    put(&nd, (struct alert){.country = "CN", .country_name = "China"}, today - 100 * DAY, last_month, NULL);
    put(&nd, (struct alert){.private_domain = true, .country = "FR", .country_name = "France"},
        today - 100 * DAY, last_month, "");
    /* clang-format on */
    ck_assert_msg(!nd.failed, "out of memory");
    load_alerts(nd.data);
    buf_free(&nd);
}

/* "YYYY-MM-DD 00:00:00" of the day `back` days before today. */
static void day_key(int back, char out[UTC_STAMP_LEN])
{
    utc_format(today - (time_t)back * DAY, out);
}

static void expect_json(const char *path_query, const char *body)
{
    http_get_expect(path_query, 200, HTTP_JSON, body);
}

static void expect_bad(const char *path_query, const char *reason)
{
    char body[256];

    snprintf(body, sizeof body, "{\"error\":\"%s\",\"status\":400}\n", reason);
    http_get_expect(path_query, 400, HTTP_JSON, body);
}

/* Expects the per-day counts from `first` (00:00 UTC) to today, of one domain or (both) two. */
static void expect_counts(const char *path_query, time_t first, const int *days, const int *more_days)
{
    struct buf want;

    buf_init(&want, 0);
    buf_puts(&want, "[{\"datasetAlertsPerMonth\":{");
    for (time_t day = first; day <= today; day += DAY) {
        int back = (int)((today - day) / DAY);
        char key[UTC_STAMP_LEN];

        utc_format(day, key);
        buf_printf(&want, "%s\"%s\":%d", day == first ? "" : ",", key,
                   days[back] + (more_days ? more_days[back] : 0));
    }
    buf_puts(&want, "}}]\n");
    expect_json(path_query, want.data);
    buf_free(&want);
}

START_TEST(alerts_per_day_cover_the_whole_window_per_domain)
{
    time_t month_ago = utc_day_start(utc_add_months(now_t, -1));

    expect_counts("/alert/datasetAlertsPerMonth?days=3", today - 3 * DAY, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?days=3&ci=1", today - 3 * DAY, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?days=3&ci=0", today - 3 * DAY, private_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?days=3&ci=-1", today - 3 * DAY, community_days, private_days);
    expect_counts("/alert/datasetAlertsPerMonth?days=0", today, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?days=40", today - 40 * DAY, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?ci=-1&days=40", today - 40 * DAY, community_days,
                  private_days);
    expect_counts("/alert/datasetAlertsPerMonth", month_ago, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?days=", month_ago, community_days, NULL);
    expect_counts("/alert/datasetAlertsPerMonth?ci=0", month_ago, private_days, NULL);
}
END_TEST

START_TEST(the_first_second_of_the_window_counts_and_the_one_before_does_not)
{
    char d[5][UTC_STAMP_LEN];
    char want[512];

    for (int back = 0; back < 5; back++)
        day_key(back, d[back]);
    snprintf(want, sizeof want, "[{\"datasetAlertsPerMonth\":{\"%s\":1,\"%s\":0,\"%s\":1,\"%s\":3}}]\n", d[3],
             d[2], d[1], d[0]);
    expect_json("/alert/datasetAlertsPerMonth?days=3", want);
    snprintf(want, sizeof want,
             "[{\"datasetAlertsPerMonth\":{\"%s\":1,\"%s\":1,\"%s\":0,\"%s\":1,\"%s\":3}}]\n", d[4], d[3],
             d[2], d[1], d[0]);
    expect_json("/alert/datasetAlertsPerMonth?days=4", want);
}
END_TEST

START_TEST(alert_types_per_day_list_empty_days_too)
{
    char d0[UTC_STAMP_LEN], d1[UTC_STAMP_LEN], d2[UTC_STAMP_LEN], d3[UTC_STAMP_LEN];
    char want[1024];

    day_key(0, d0);
    day_key(1, d1);
    day_key(2, d2);
    day_key(3, d3);
    snprintf(want, sizeof want,
             "[{\"datasetAlertsPerMonth\":{\"%s\":{\"Passwords(heralding)\":1},\"%s\":{},"
             "\"%s\":{\"Network(dionaea)\":1},\"%s\":{\"SSH/console(cowrie)\":1,\"Webpage\":2}}}]\n",
             d3, d2, d1, d0);
    expect_json("/alert/datasetAlertTypesPerMonth?days=3", want);
    expect_json("/alert/datasetAlertTypesPerMonth?days=3&ci=1", want);
    snprintf(want, sizeof want,
             "[{\"datasetAlertsPerMonth\":{\"%s\":{},\"%s\":{},\"%s\":{\"Webpage\":1},"
             "\"%s\":{\"Network(dionaea)\":1,\"Passwords(heralding)\":1}}}]\n",
             d3, d2, d1, d0);
    expect_json("/alert/datasetAlertTypesPerMonth?days=3&ci=0", want);
    snprintf(
        want, sizeof want,
        "[{\"datasetAlertsPerMonth\":{\"%s\":{\"Passwords(heralding)\":1},\"%s\":{},"
        "\"%s\":{\"Network(dionaea)\":1,\"Webpage\":1},"
        "\"%s\":{\"Network(dionaea)\":1,\"Passwords(heralding)\":1,\"SSH/console(cowrie)\":1,\"Webpage\":2}}}]\n",
        d3, d2, d1, d0);
    expect_json("/alert/datasetAlertTypesPerMonth?days=3&ci=-1", want);
    snprintf(want, sizeof want,
             "[{\"datasetAlertsPerMonth\":{\"%s\":{\"Network(dionaea)\":1,\"Passwords(heralding)\":1}}}]\n",
             d0);
    expect_json("/alert/datasetAlertTypesPerMonth?days=0&ci=0", want);
}
END_TEST

START_TEST(dataset_parameters_are_checked)
{
    static const char *const paths[] = {"/alert/datasetAlertsPerMonth", "/alert/datasetAlertTypesPerMonth"};
    char path[128];

    for (size_t i = 0; i < 2; i++) {
        static const char *const bad[] = {"abc",    "-1", "367",  "1.5",
                                          "%D9%A1", "+3", "3%20", "99999999999999999999"};

        for (size_t j = 0; j < ARRAY_LEN(bad); j++) {
            snprintf(path, sizeof path, "%s?days=%s", paths[i], bad[j]);
            expect_bad(path, "days: expected an integer from 0 to 366");
        }
        snprintf(path, sizeof path, "%s?days=366", paths[i]);
        http_get_expect(path, 200, HTTP_JSON, NULL);
    }
}
END_TEST

/* {"code":..,"count":..,"country":..} */
#define C(code, count, name) "{\"code\":\"" code "\",\"count\":" #count ",\"country\":\"" name "\"}"

static void expect_countries(const char *path_query, const char *attackers, const char *targets,
                             int months_back, const char *id)
{
    char month[8], want[2048];

    utc_strftime(utc_add_months(now_t, -months_back), "%Y-%m", month, sizeof month);
    snprintf(want, sizeof want,
             "[{\"attacksPerCountry\":[%s],\"attacksToTargetCountry\":[%s],\"date\":\"%s\",\"id\":%s}]\n",
             attackers, targets, month, id);
    expect_json(path_query, want);
}

START_TEST(top_countries_of_this_month_per_domain)
{
    const char *community = C("NL", 5, "Netherlands") "," C("CN", 1, "China") "," C("RU", 1, "Russia") "," C(
        "US", 1, "United States");

    expect_countries("/alert/topCountriesAttacks", community, C("DE", 8, "Germany"), 0, "0");
    expect_countries("/alert/topCountriesAttacks?ci=1&monthOffset=0", community, C("DE", 8, "Germany"), 0,
                     "0");
    expect_countries("/alert/topCountriesAttacks?ci=0",
                     C("BR", 1, "Brazil") "," C("NL", 1, "Netherlands") "," C("US", 1, "United States"),
                     C("DE", 2, "Germany") "," C("PL", 1, "Poland"), 0, "0");
    expect_countries("/alert/topCountriesAttacks?ci=-1&topx=100",
                     C("NL", 6, "Netherlands") "," C("US", 2, "United States") "," C("BR", 1, "Brazil") "," C(
                         "CN", 1, "China") "," C("RU", 1, "Russia"),
                     C("DE", 10, "Germany") "," C("PL", 1, "Poland"), 0, "0");
    expect_countries("/alert/topCountriesAttacks?topx=2", C("NL", 5, "Netherlands") "," C("CN", 1, "China"),
                     C("DE", 8, "Germany"), 0, "0");
}
END_TEST

START_TEST(top_countries_of_an_earlier_month)
{
    const char *attackers = C("CN", 1, "China") "," C("FR", 1, "France");
    const char *targets = C("AT", 1, "Austria") "," C("DE", 1, "Germany");

    expect_countries("/alert/topCountriesAttacks?monthOffset=1", attackers, targets, 1, "\"1\"");
    expect_countries("/alert/topCountriesAttacks?offset=1", attackers, targets, 1, "\"1\"");
    expect_countries("/alert/topCountriesAttacks?monthOffset=01&offset=7", attackers, targets, 1, "\"1\"");
    /* the private alert of last month has no target country: its attacker is listed all the same (the
       original blanked both lists when one was empty) */
    expect_countries("/alert/topCountriesAttacks?monthOffset=1&ci=0", C("FR", 1, "France"), "", 1, "\"1\"");
    expect_countries("/alert/topCountriesAttacks?monthOffset=1&ci=-1",
                     C("FR", 2, "France") "," C("CN", 1, "China"), targets, 1, "\"1\"");
    expect_countries("/alert/topCountriesAttacks?monthOffset=5", "", "", 5, "\"5\"");
    expect_countries("/alert/topCountriesAttacks?monthOffset=120&ci=-1", "", "", 120, "\"120\"");
}
END_TEST

START_TEST(top_countries_parameters_are_checked)
{
    expect_bad("/alert/topCountriesAttacks?monthOffset=121",
               "monthOffset: expected an integer from 0 to 120");
    expect_bad("/alert/topCountriesAttacks?monthOffset=-1", "monthOffset: expected an integer from 0 to 120");
    expect_bad("/alert/topCountriesAttacks?monthOffset=one",
               "monthOffset: expected an integer from 0 to 120");
    expect_bad("/alert/topCountriesAttacks?offset=1x", "offset: expected an integer from 0 to 120");
    expect_bad("/alert/topCountriesAttacks?topx=0", "topx: expected an integer from 1 to 100");
    expect_bad("/alert/topCountriesAttacks?topx=101", "topx: expected an integer from 1 to 100");
    expect_bad("/alert/topCountriesAttacks?topx=%EF%BC%95", "topx: expected an integer from 1 to 100");
}
END_TEST

/* {"count":..,"lat":..,"lng":..} */
#define P(count, lat, lng) "{\"count\":" #count ",\"lat\":\"" lat "\",\"lng\":\"" lng "\"}"

static void expect_points(const char *path_query, const char *points, int days_back)
{
    char since[16], want[1024];

    utc_strftime(today - (time_t)days_back * DAY, "%Y-%m-%d", since, sizeof since);
    snprintf(want, sizeof want, "[{\"latLonAttacks\":[%s],\"statsSince\":\"%s\"}]\n", points, since);
    expect_json(path_query, want);
}

START_TEST(attack_locations_of_the_last_day_per_domain_and_direction)
{
    const char *community = P(2, "52.5", "13.4") "," P(1, "34.7725", "113.7266");

    expect_points("/alert/retrieveLatLonAttacks", community, 0);
    expect_points("/alert/retrieveLatLonAttacks?ci=1&direction=src&offset=0", community, 0);
    expect_points("/alert/retrieveLatLonAttacks?direction=dst", P(3, "51.2993", "9.491"), 0);
    /* the private alert with location "bogus" is left out */
    expect_points("/alert/retrieveLatLonAttacks?ci=0", P(1, "37.751", "-97.822"), 0);
    expect_points("/alert/retrieveLatLonAttacks?ci=0&direction=dst",
                  P(1, "51.2993", "9.491") "," P(1, "52.2297", "21.0122"), 0);
    expect_points("/alert/retrieveLatLonAttacks?ci=-1&topx=100",
                  P(2, "52.5", "13.4") "," P(1, "34.7725", "113.7266") "," P(1, "37.751", "-97.822"), 0);
    expect_points("/alert/retrieveLatLonAttacks?ci=-1&topx=1", P(2, "52.5", "13.4"), 0);
}
END_TEST

START_TEST(attack_locations_of_one_earlier_day)
{
    expect_points("/alert/retrieveLatLonAttacks?offset=1", P(1, "37.751", "-97.822"), 1);
    expect_points("/alert/retrieveLatLonAttacks?offset=1&ci=-1",
                  P(1, "37.751", "-97.822") "," P(1, "52.5", "13.4"), 1);
    expect_points("/alert/retrieveLatLonAttacks?offset=1&ci=0&direction=dst", P(1, "51.2993", "9.491"), 1);
    expect_points("/alert/retrieveLatLonAttacks?offset=2", "", 2);
    /* created at exactly 00:00 three days ago: inside offset=3, and its neighbour a second earlier is not */
    expect_points("/alert/retrieveLatLonAttacks?offset=3", P(1, "55.7386", "37.6068"), 3);
    expect_points("/alert/retrieveLatLonAttacks?offset=4", P(1, "52.5", "13.4"), 4);
    expect_points("/alert/retrieveLatLonAttacks?offset=366&ci=-1", "", 366);
}
END_TEST

START_TEST(latlon_parameters_are_checked)
{
    expect_bad("/alert/retrieveLatLonAttacks?offset=367", "offset: expected an integer from 0 to 366");
    expect_bad("/alert/retrieveLatLonAttacks?offset=-1", "offset: expected an integer from 0 to 366");
    expect_bad("/alert/retrieveLatLonAttacks?topx=0", "topx: expected an integer from 1 to 100");
    expect_bad("/alert/retrieveLatLonAttacks?topx=1e2", "topx: expected an integer from 1 to 100");
    expect_bad("/alert/retrieveLatLonAttacks?direction=up", "direction: expected one of: src dst");
    expect_bad("/alert/retrieveLatLonAttacks?direction=SRC", "direction: expected one of: src dst");
}
END_TEST

START_TEST(answers_are_cached)
{
    harness_flush_cache();
    http_expect_cached("/alert/datasetAlertsPerMonth?days=2&ci=-1", NULL, true, HTTP_JSON, NULL);
    http_expect_cached("/alert/datasetAlertTypesPerMonth?days=2", NULL, true, HTTP_JSON, NULL);
    http_expect_cached("/alert/topCountriesAttacks?ci=0", NULL, true, HTTP_JSON, NULL);
    http_expect_cached("/alert/retrieveLatLonAttacks?direction=dst", NULL, true, HTTP_JSON, NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("series_and_geo");

    HARNESS_CASE(s, "series_and_geo", load_fixtures, alerts_per_day_cover_the_whole_window_per_domain,
                 the_first_second_of_the_window_counts_and_the_one_before_does_not,
                 alert_types_per_day_list_empty_days_too, dataset_parameters_are_checked,
                 top_countries_of_this_month_per_domain, top_countries_of_an_earlier_month,
                 top_countries_parameters_are_checked,
                 attack_locations_of_the_last_day_per_domain_and_direction,
                 attack_locations_of_one_earlier_day, latlon_parameters_are_checked, answers_are_cached);
    return harness_run(s);
}
