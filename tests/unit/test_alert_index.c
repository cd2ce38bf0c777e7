/* test_alert_index.c: unit tests of lib/alert_index.c, daily index names and the alert index template. */
#include <stdio.h>
#include <time.h>

#include "alert_index.h"
#include "array_len.h"
#include "timeutil.h"
#include "unit.h"

/* The mapping of one field inside a template body. */
static const cJSON *field(const cJSON *tmpl, const char *name)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(tmpl, "template");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(t, "mappings");

    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "properties"), name);
}

START_TEST(name_is_the_utc_day_of_recieved_time)
{
    char out[ALERT_INDEX_NAME_MAX];

    ck_assert(alert_index_name("ews", "2024-05-01 09:13:00", out));
    ck_assert_str_eq(out, "ews-2024.05.01-1");
    ck_assert(alert_index_name("ews", "2024-12-31 23:59:59", out));
    ck_assert_str_eq(out, "ews-2024.12.31-1");
    ck_assert(alert_index_name("pebatest", "2024-02-29 00:00:00", out));
    ck_assert_str_eq(out, "pebatest-2024.02.29-1");
}
END_TEST

START_TEST(name_ignores_the_local_time_zone)
{
    char out[ALERT_INDEX_NAME_MAX];

    setenv("TZ", "Pacific/Kiritimati", 1); /* UTC+14: a local-time bug would move the day */
    tzset();
    ck_assert(alert_index_name("ews", "2024-05-01 23:30:00", out));
    ck_assert_str_eq(out, "ews-2024.05.01-1");
    setenv("TZ", "America/Adak", 1);
    tzset();
    ck_assert(alert_index_name("ews", "2024-05-01 00:30:00", out));
    ck_assert_str_eq(out, "ews-2024.05.01-1");
}
END_TEST

START_TEST(pattern_matches_daily_indices_only)
{
    char out[ALERT_INDEX_NAME_MAX];

    ck_assert(alert_index_pattern("ews", out));
    ck_assert_str_eq(out, "ews-*.*.*-*");
}
END_TEST

START_TEST(template_maps_every_field_type)
{
    cJSON *t = alert_index_template("ews", 1, 0);

    assert_cjson_is(field(t, "clientDomain"), "{\"type\":\"boolean\"}");
    assert_cjson_is(field(t, "createTime"),
                    "{\"type\":\"date\",\"format\":\"yyyy-MM-dd HH:mm:ss||yyyy-MM-dd||epoch_millis\"}");
    assert_cjson_is(field(t, "recievedTime"),
                    "{\"type\":\"date\",\"format\":\"yyyy-MM-dd HH:mm:ss||yyyy-MM-dd||epoch_millis\"}");
    assert_cjson_is(field(t, "sourceEntryIp"), "{\"type\":\"ip\"}");
    assert_cjson_is(field(t, "targetEntryIp"), "{\"type\":\"ip\"}");
    assert_cjson_is(field(t, "externalIP"), "{\"type\":\"ip\",\"index\":false,\"ignore_malformed\":true}");
    assert_cjson_is(field(t, "internalIP"), "{\"type\":\"ip\",\"index\":false,\"ignore_malformed\":true}");
    /* aggregated by /alert/tops: an indexed keyword whose huge values cannot reject a document */
    assert_cjson_is(field(t, "originalRequestString"), "{\"type\":\"keyword\",\"ignore_above\":8191}");
    assert_cjson_is(field(t, "peerType"), "{\"type\":\"keyword\",\"ignore_above\":8191}");
    assert_cjson_is(field(t, "rawhttp"), "{\"type\":\"keyword\",\"index\":false,\"ignore_above\":8191}");
    cJSON_Delete(t);
}
END_TEST

START_TEST(template_covers_the_spec_fields_and_nothing_dynamic)
{
    static const char *const names[] = {
        /* clang-format off */
        "additionalData", "client", "clientDomain", "clientVersion", "country", "countryName", "createTime",
        "externalIP", "hostname", "internalIP", "location", "locationDestination", "login",
        "originalRequestString", "password", "peerIdent", "peerType", "rawhttp", "recievedTime", "sessionEnd",
        "sessionStart", "sourceEntryAS", "sourceEntryIp", "sourceEntryPort", "targetCountry",
        "targetCountryName", "targetEntryAS", "targetEntryIp", "targetEntryPort", "targetport", "username",
        "vulnid",
        /* clang-format on */
    };
    cJSON *m = alert_index_mappings();
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(m, "properties");

    ck_assert_int_eq(cJSON_GetArraySize(props), (int)(sizeof names / sizeof names[0]));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_msg(cJSON_GetObjectItemCaseSensitive(props, names[i]), "missing %s", names[i]);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(m, "dynamic")));
    cJSON_Delete(m);
}
END_TEST

START_TEST(template_carries_pattern_priority_and_settings)
{
    cJSON *t = alert_index_template("pebatest", 3, 2);
    const cJSON *settings =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(t, "template"), "settings");

    assert_cjson_is(cJSON_GetObjectItemCaseSensitive(t, "index_patterns"), "[\"pebatest-*.*.*-*\"]");
    assert_cjson_is(cJSON_GetObjectItemCaseSensitive(t, "priority"), "200");
    assert_cjson_is(settings, "{\"number_of_shards\":3,\"number_of_replicas\":2}");
    cJSON_Delete(t);
}
END_TEST

START_TEST(name_refuses_anything_but_a_full_stamp)
{
    static const char *const bad[] = {
        "",
        "2024-05-01",
        "2024-05-01T09:13:00",
        "2024-05-01 09:13:00Z",
        "2024-05-01 09:13",
        "2024-02-30 10:00:00",
        "2023-02-29 10:00:00",
        "2024-13-01 10:00:00",
        "2024-05-01 24:00:00",
        "1714554780000",
        "2024-05-01 09:13:0x",
        " 2024-05-01 09:13:00",
    };
    char out[ALERT_INDEX_NAME_MAX];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memcpy(out, "junk", 5);
        ck_assert_msg(!alert_index_name("ews", bad[i], out), "accepted '%s'", bad[i]);
        ck_assert_str_eq(out, "");
    }
    ck_assert(!alert_index_name("ews", NULL, out));
    ck_assert(!alert_index_name(NULL, "2024-05-01 09:13:00", out));
}
END_TEST

START_TEST(name_refuses_a_prefix_that_does_not_fit)
{
    char prefix[ALERT_INDEX_NAME_MAX], out[ALERT_INDEX_NAME_MAX];
    size_t fits = ALERT_INDEX_NAME_MAX - 1 - strlen("-2024.05.01-1");

    memset(prefix, 'p', fits);
    prefix[fits] = '\0';
    ck_assert(alert_index_name(prefix, "2024-05-01 09:13:00", out));
    ck_assert_uint_eq(strlen(out), ALERT_INDEX_NAME_MAX - 1);
    prefix[fits] = 'p';
    prefix[fits + 1] = '\0';
    ck_assert(!alert_index_name(prefix, "2024-05-01 09:13:00", out));
    ck_assert_str_eq(out, "");
}
END_TEST

/* The UTC day alert_index_day reads from name, as "YYYY-MM-DD"; "" when it refuses the name. */
static const char *day_of(const char *prefix, const char *name)
{
    static char out[16];
    time_t day;

    out[0] = '\0';
    if (alert_index_day(prefix, name, &day))
        utc_strftime(day, "%Y-%m-%d", out, sizeof out);
    return out;
}

START_TEST(day_is_read_from_a_daily_index_name)
{
    ck_assert_str_eq(day_of("ews", "ews-2024.05.01-1"), "2024-05-01");
    ck_assert_str_eq(day_of("ews", "ews-2024.05.02-000002"), "2024-05-02");
    ck_assert_str_eq(day_of("ews", "ews-2024.02.29-1"), "2024-02-29");
    ck_assert_str_eq(day_of("pebatest", "pebatest-1999.12.31-17"), "1999-12-31");
    ck_assert_str_eq(day_of("ews.v2", "ews.v2-2024.05.01-1"), "2024-05-01");
}
END_TEST

START_TEST(day_refuses_every_other_name)
{
    static const char *const others[] = {
        /* clang-format off */
        "ews",              "ews-",                 "ews-2024.05.01",      "ews-2024.05.01-",
        "ews-2024.05.01-x", "ews-2024.05.01-1a",    "ews-2024.5.1-1",      "ews-2024-05-01-1",
        "ews-2023.02.29-1", "ews-2024.13.01-1",     "ews-2024.05.32-1",    "ewsx-2024.05.01-1",
        "users",            "ews-users",            "ews2017.1",           "other-2024.05.01-1",
        "ews-archive.2024.05-1", "ews-2024.05.01-1-old", ".ews-2024.05.01-1", "EWS-2024.05.01-1",
        /* clang-format on */
    };

    for (size_t i = 0; i < ARRAY_LEN(others); i++)
        ck_assert_msg(day_of("ews", others[i])[0] == '\0', "%s read as %s", others[i],
                      day_of("ews", others[i]));
    ck_assert_str_eq(day_of("ews-2024", "ews-2024.05.01-1"), "");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alert_index");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, name_is_the_utc_day_of_recieved_time);
    tcase_add_test(core, name_ignores_the_local_time_zone);
    tcase_add_test(core, pattern_matches_daily_indices_only);
    tcase_add_test(core, template_maps_every_field_type);
    tcase_add_test(core, template_covers_the_spec_fields_and_nothing_dynamic);
    tcase_add_test(core, template_carries_pattern_priority_and_settings);
    tcase_add_test(limits, name_refuses_anything_but_a_full_stamp);
    tcase_add_test(limits, name_refuses_a_prefix_that_does_not_fit);
    tcase_add_test(core, day_is_read_from_a_daily_index_name);
    tcase_add_test(limits, day_refuses_every_other_name);
    return unit_run(s);
}
