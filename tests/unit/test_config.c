/*
 * test_config.c: unit tests of lib/config.c, loaded with the route table's
 * per-route settings as peba-fcgi loads it: defaults, INI overrides and
 * start-up errors naming file, line and key.
 */
#include <stdio.h>
#include <unistd.h>

#include "array_len.h"
#include "config.h"
#include "route.h"
#include "unit.h"

/* The [cache_ttl] keys and defaults docs/configuration.md lists, in the route table's order. */
static const struct {
    const char *key;
    long seconds;
} documented_ttls[] = {
    /* clang-format off */
    {"retrieveAlertsCount", 60},        {"retrieveAlertsCountWithType", 13}, {"retrieveAlertsJson", 25},
    {"retrieveAlertStats", 13},         {"datasetAlertsPerMonth", 600},      {"datasetAlertTypesPerMonth", 3600},
    {"topCountriesAttacks", 60},        {"retrieveLatLonAttacks", 60},       {"TpotStats", 2419200},
    {"getStats", 1800},                 {"tops", 7200},
    /* clang-format on */
};

/* The [engine_budget_ms] keys and defaults docs/configuration.md lists, in the route table's order. */
static const struct {
    const char *key;
    long ms;
} documented_budgets[] = {
    /* clang-format off */
    {"heartbeat", 2000},           {"heartbeat", 2000},
    {"retrieveAlertsCount", 2000}, {"retrieveAlertsCountWithType", 2000}, {"retrieveAlertsJson", 2000},
    {"retrieveAlertStats", 2000},  {"datasetAlertsPerMonth", 5000},       {"datasetAlertTypesPerMonth", 5000},
    {"topCountriesAttacks", 2000}, {"retrieveLatLonAttacks", 2000},       {"TpotStats", 5000},
    {"getStats", 2000},            {"tops", 5000},                        {"postSimpleMessage", 30000},
    {"retrieveIPs", 60000},        {"retrieveIPs", 60000},                {"retrieveIPs15m", 10000},
    {"retrieveIPs15m", 10000},     {"retrieveAlertsCyber", 10000},        {"querySingleIP", 10000},
    /* clang-format on */
};

/* Setting s of the route at path as cfg gives it. */
static long setting_of(const struct peba_config *cfg, const char *path, enum route_setting s)
{
    const struct route *route = route_find(path);

    ck_assert_msg(route != NULL, "no route %s", path);
    return route_setting(cfg, route, s);
}

/* The cache TTL cfg gives the route at path. */
static long ttl_of(const struct peba_config *cfg, const char *path)
{
    return setting_of(cfg, path, ROUTE_CACHE_TTL);
}

/* A temporary INI file holding text; removed by the test's process at exit. */
static const char *ini_file(const char *text)
{
    static char path[64];
    int fd;
    FILE *f;

    snprintf(path, sizeof path, "/tmp/peba-unit-XXXXXX.ini");
    fd = mkstemps(path, 4);
    ck_assert_int_ge(fd, 0);
    f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loads text as a config file; on failure the reason must be exactly "<path>:<want_tail>". */
static peba_err load_text(const char *text, struct peba_config *cfg, const char *want_tail)
{
    const char *path = ini_file(text);
    peba_err err;

    peba_clear_reason();
    err = routes_config_load(path, cfg);
    if (want_tail) {
        char want[512];

        snprintf(want, sizeof want, "%s:%s", path, want_tail);
        ck_assert_int_eq(err, PEBA_E_CONFIG);
        ck_assert_str_eq(peba_reason(err), want);
    }
    unlink(path);
    return err;
}

/* The file must be refused with exactly that reason after the path. */
static void assert_refused(const char *text, const char *want_tail)
{
    struct peba_config cfg;

    load_text(text, &cfg, want_tail);
    config_free(&cfg);
}

START_TEST(defaults_apply_without_a_file)
{
    struct peba_config cfg;

    ck_assert_int_eq(routes_config_load(NULL, &cfg), PEBA_OK);
    ck_assert_ptr_null(cfg.path);
    ck_assert_str_eq(cfg.cors_origin, "http://sicherheitstacho.eu");
    ck_assert_str_eq(cfg.default_response, "Nope");
    ck_assert_int_eq(cfg.max_body_bytes, 1048576);
    ck_assert_int_eq(cfg.max_query_bytes, 4096);
    ck_assert_int_eq(cfg.es_host_count, 1);
    ck_assert_str_eq(cfg.es_hosts[0], "http://127.0.0.1:9200");
    ck_assert_int_eq(cfg.es_timeout_ms, 10000);
    ck_assert_int_eq(cfg.es_retry_after_ms, 1000);
    ck_assert_int_eq(cfg.es_retry_after_max_ms, 10000);
    ck_assert_int_eq(cfg.es_probe_timeout_ms, 500);
    ck_assert_str_eq(cfg.state_dir, "/run/peba");
    ck_assert_int_eq(setting_of(&cfg, "/alert/retrieveAlertsCount", ROUTE_ENGINE_BUDGET), 2000);
    ck_assert_int_eq(setting_of(&cfg, "/ews-0.1/alert/retrieveIPs", ROUTE_ENGINE_BUDGET), 60000);
    ck_assert_int_eq(setting_of(&cfg, "/", ROUTE_ENGINE_BUDGET), 0);
    ck_assert(cfg.es_verify_tls);
    ck_assert_str_eq(cfg.es_username, "");
    ck_assert_str_eq(cfg.alert_index, "ews");
    ck_assert_str_eq(cfg.user_index, "users");
    ck_assert(cfg.cache_enabled);
    ck_assert_str_eq(cfg.memcached_servers, "127.0.0.1:11211");
    ck_assert_int_eq(ttl_of(&cfg, "/alert/retrieveAlertsCount"), 60);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/retrieveAlertsCountWithType"), 13);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/TpotStats"), 2419200);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/tops"), 7200);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/retrieveIPs"), 0);
    ck_assert_int_eq(cfg.max_alerts, 5);
    ck_assert_int_eq(cfg.badip_timespan, 120);
    ck_assert_str_eq(cfg.community_user, "community-01-user");
    ck_assert_str_eq(cfg.geoip_city_db, "");
    config_free(&cfg);
}
END_TEST

START_TEST(a_file_overrides_the_defaults)
{
    struct peba_config cfg;

    ck_assert_int_eq(load_text("; peba test configuration\n"
                               "[server]\n"
                               "cors_origin = https://example.org\n"
                               "max_body_bytes = 2048\n"
                               "\n"
                               "[elasticsearch]\n"
                               "hosts = http://a:9200, https://b:9201,http://c\n"
                               "alert_index = my-alerts.v2\n"
                               "verify_tls = no\n"
                               "\n"
                               "[cache_ttl]\n"
                               "retrieveAlertsCount = 5\n"
                               "\n"
                               "[engine_budget_ms]\n"
                               "retrieveIPs = 120000\n"
                               "\n"
                               "[memcached]\n"
                               "enabled = off\n",
                               &cfg, NULL),
                     PEBA_OK);
    ck_assert_ptr_nonnull(cfg.path);
    ck_assert_str_eq(cfg.cors_origin, "https://example.org");
    ck_assert_int_eq(cfg.max_body_bytes, 2048);
    ck_assert_int_eq(cfg.max_query_bytes, 4096);
    ck_assert_int_eq(cfg.es_host_count, 3);
    ck_assert_str_eq(cfg.es_hosts[0], "http://a:9200");
    ck_assert_str_eq(cfg.es_hosts[1], "https://b:9201");
    ck_assert_str_eq(cfg.es_hosts[2], "http://c");
    ck_assert_str_eq(cfg.alert_index, "my-alerts.v2");
    ck_assert(!cfg.es_verify_tls);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/retrieveAlertsCount"), 5);
    ck_assert_int_eq(ttl_of(&cfg, "/alert/retrieveAlertStats"), 13);
    /* a key names every route of that name: both spellings of retrieveIPs */
    ck_assert_int_eq(setting_of(&cfg, "/alert/retrieveIPs", ROUTE_ENGINE_BUDGET), 120000);
    ck_assert_int_eq(setting_of(&cfg, "/ews-0.1/alert/retrieveIPs", ROUTE_ENGINE_BUDGET), 120000);
    ck_assert_int_eq(setting_of(&cfg, "/alert/retrieveIPs15m", ROUTE_ENGINE_BUDGET), 10000);
    ck_assert(!cfg.cache_enabled);
    config_free(&cfg);
}
END_TEST

START_TEST(the_cache_ttl_keys_are_the_documented_routes_and_defaults)
{
    const struct route *route;
    size_t n = 0;

    ck_assert_str_eq(config_route_section(ROUTE_CACHE_TTL), "cache_ttl");
    for (size_t i = 0; (route = route_at(i)) != NULL; i++) {
        if (!route->defaults[ROUTE_CACHE_TTL])
            continue;
        ck_assert_uint_lt(n, ARRAY_LEN(documented_ttls));
        ck_assert_str_eq(route_name(route), documented_ttls[n].key);
        ck_assert_int_eq(route->defaults[ROUTE_CACHE_TTL], documented_ttls[n].seconds);
        n++;
    }
    ck_assert_uint_eq(n, ARRAY_LEN(documented_ttls));
}
END_TEST

START_TEST(the_engine_budget_keys_are_the_documented_routes_and_defaults)
{
    const struct route *route;
    size_t n = 0;

    ck_assert_str_eq(config_route_section(ROUTE_ENGINE_BUDGET), "engine_budget_ms");
    for (size_t i = 0; (route = route_at(i)) != NULL; i++) {
        if (!route->defaults[ROUTE_ENGINE_BUDGET])
            continue;
        ck_assert_uint_lt(n, ARRAY_LEN(documented_budgets));
        ck_assert_str_eq(route_name(route), documented_budgets[n].key);
        ck_assert_int_eq(route->defaults[ROUTE_ENGINE_BUDGET], documented_budgets[n].ms);
        n++;
    }
    ck_assert_uint_eq(n, ARRAY_LEN(documented_budgets));
}
END_TEST

START_TEST(eight_hosts_are_accepted)
{
    struct peba_config cfg;

    ck_assert_int_eq(load_text("[elasticsearch]\nhosts = http://h1,http://h2,http://h3,http://h4,"
                               "http://h5,http://h6,http://h7,http://h8\n",
                               &cfg, NULL),
                     PEBA_OK);
    ck_assert_int_eq(cfg.es_host_count, CONFIG_MAX_HOSTS);
    ck_assert_str_eq(cfg.es_hosts[7], "http://h8");
    config_free(&cfg);
}
END_TEST

START_TEST(an_unknown_key_names_file_line_and_key)
{
    assert_refused("[server]\ncors_origin = x\nport = 80\n", "3: [server] port: unknown key");
    assert_refused("[nosuch]\n\nkey = 1\n", "1: [nosuch]: unknown section");
    assert_refused("[server]\n\nkey = 1\n", "3: [server] key: unknown key");
    assert_refused("[nosuch]\n", "1: [nosuch]: unknown section");
}
END_TEST

START_TEST(a_removed_key_is_refused_by_name)
{
    /* the workers' hot copies went when nginx's cache took their job */
    assert_refused("[memcached]\nhot_seconds = 2\n", "2: [memcached] hot_seconds: unknown key");
}
END_TEST

START_TEST(an_engine_budget_key_must_name_a_route_that_asks_the_engine)
{
    assert_refused("[engine_budget_ms]\n/ = 100\n", "2: [engine_budget_ms] /: unknown key");
    assert_refused("[engine_budget_ms]\ntops = 99\n",
                   "2: [engine_budget_ms] tops: expected an integer from 100 to 600000");
}
END_TEST

START_TEST(the_longest_wait_must_not_be_shorter_than_the_first)
{
    assert_refused("[elasticsearch]\nretry_after_ms = 5000\nretry_after_max_ms = 4000\n",
                   "3: [elasticsearch] retry_after_max_ms: must not be less than retry_after_ms");
}
END_TEST

START_TEST(a_cache_ttl_key_must_name_a_cached_route)
{
    assert_refused("[cache_ttl]\ntops = 5\n\nnosuch = 5\n", "4: [cache_ttl] nosuch: unknown key");
    /* an uncached route has no TTL to override */
    assert_refused("[cache_ttl]\nretrieveIPs = 5\n", "2: [cache_ttl] retrieveips: unknown key");
}
END_TEST

START_TEST(a_program_without_routes_leaves_the_per_route_sections_unread)
{
    struct peba_config cfg;
    const char *path = ini_file("[cache_ttl]\nnosuch = x\n");

    ck_assert_int_eq(config_load(path, &cfg), PEBA_OK);
    ck_assert_uint_eq(cfg.route_count, 0);
    config_free(&cfg);
    unlink(path);
}
END_TEST

START_TEST(a_bad_integer_names_line_and_key)
{
    assert_refused("# comment\n[feeds]\n\nmax_alerts = 5x\n",
                   "4: [feeds] max_alerts: expected an integer from 1 to 10000");
    assert_refused("[feeds]\nmax_alerts =\n", "2: [feeds] max_alerts: expected an integer from 1 to 10000");
}
END_TEST

START_TEST(an_integer_out_of_range_is_refused)
{
    assert_refused("[feeds]\nmax_alerts = 0\n", "2: [feeds] max_alerts: expected an integer from 1 to 10000");
    assert_refused("[feeds]\nmax_alerts = 10001\n",
                   "2: [feeds] max_alerts: expected an integer from 1 to 10000");
    assert_refused("[server]\nmax_body_bytes = 99999999999999999999999\n",
                   "2: [server] max_body_bytes: expected an integer from 1024 to 104857600");
    assert_refused("[cache_ttl]\ntops = -1\n", "2: [cache_ttl] tops: expected an integer from 0 to 31536000");
    assert_refused("[cache_ttl]\nretrieveAlertsCount = 1y\n",
                   "2: [cache_ttl] retrieveAlertsCount: expected an integer from 0 to 31536000");
}
END_TEST

START_TEST(a_bad_index_name_is_refused)
{
    static const char *const names[] = {"EWS", "-ews", "_ews", "ews/x", "ews*", "ews x", "e\xc3\xa9s"};
    char text[128];

    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        snprintf(text, sizeof text, "[elasticsearch]\nalert_index = %s\n", names[i]);
        assert_refused(
            text,
            "2: [elasticsearch] alert_index: not a valid index name (lowercase letters, digits, . _ -)");
    }
}
END_TEST

START_TEST(a_bad_boolean_is_refused)
{
    assert_refused("[memcached]\nenabled = maybe\n", "2: [memcached] enabled: expected true or false");
}
END_TEST

START_TEST(a_bad_hosts_list_is_refused)
{
    static const char why[] =
        "[elasticsearch] hosts: expected up to 8 comma-separated http:// or https:// URLs of up to 255 characters";
    char want[200], text[400];

    snprintf(want, sizeof want, "3: %s", why);
    assert_refused("[elasticsearch]\n\nhosts = http://h1,http://h2,http://h3,http://h4,http://h5,"
                   "http://h6,http://h7,http://h8,http://h9\n",
                   want);
    snprintf(want, sizeof want, "2: %s", why);
    assert_refused("[elasticsearch]\nhosts = ftp://h1\n", want);
    assert_refused("[elasticsearch]\nhosts = h1:9200\n", want);
    assert_refused("[elasticsearch]\nhosts = ,\n", "2: [elasticsearch] hosts: no host given");
    snprintf(text, sizeof text, "[elasticsearch]\nhosts = http://%0249d\n", 0);
    assert_refused(text, want);
}
END_TEST

START_TEST(a_syntax_error_reports_the_line)
{
    struct peba_config cfg;
    const char *path = ini_file("[server]\ncors_origin = x\nthis is not ini\n");
    char want[128];

    ck_assert_int_eq(config_load(path, &cfg), PEBA_E_CONFIG);
    snprintf(want, sizeof want, "%s (3)", path);
    ck_assert_msg(strstr(peba_reason(PEBA_E_CONFIG), want), "reason '%s' lacks '%s'",
                  peba_reason(PEBA_E_CONFIG), want);
    ck_assert_ptr_null(strchr(peba_reason(PEBA_E_CONFIG), '\n'));
    config_free(&cfg);
    unlink(path);
}
END_TEST

START_TEST(a_missing_file_is_refused)
{
    struct peba_config cfg;

    ck_assert_int_eq(config_load("/nonexistent/peba.ini", &cfg), PEBA_E_CONFIG);
    ck_assert_str_eq(peba_reason(PEBA_E_CONFIG), "/nonexistent/peba.ini: cannot open the configuration file");
    config_free(&cfg);
}
END_TEST

START_TEST(index_settings_default_to_one_shard_auto_replicas_and_28_days)
{
    struct peba_config cfg;

    ck_assert_int_eq(routes_config_load(NULL, &cfg), PEBA_OK);
    ck_assert_int_eq(cfg.shards, 1);
    ck_assert_int_eq(cfg.replicas, CONFIG_AUTO);
    ck_assert_int_eq(cfg.keep_days, 28);
    config_free(&cfg);
    ck_assert_int_eq(load_text("[elasticsearch]\nshards = 5\nreplicas = 1\nkeep_days = 90\n", &cfg, NULL),
                     PEBA_OK);
    ck_assert_int_eq(cfg.shards, 5);
    ck_assert_int_eq(cfg.replicas, 1);
    ck_assert_int_eq(cfg.keep_days, 90);
    config_free(&cfg);
    ck_assert_int_eq(load_text("[elasticsearch]\nreplicas = 0\n", &cfg, NULL), PEBA_OK);
    ck_assert_int_eq(cfg.replicas, 0);
    config_free(&cfg);
    ck_assert_int_eq(load_text("[elasticsearch]\nreplicas = AUTO\n", &cfg, NULL), PEBA_OK);
    ck_assert_int_eq(cfg.replicas, CONFIG_AUTO);
    config_free(&cfg);
}
END_TEST

START_TEST(bad_index_settings_are_refused)
{
    assert_refused("[elasticsearch]\nreplicas = -1\n",
                   "2: [elasticsearch] replicas: expected auto or an integer from 0 to 1024");
    assert_refused("[elasticsearch]\nreplicas = automatic\n",
                   "2: [elasticsearch] replicas: expected auto or an integer from 0 to 1024");
    assert_refused("[elasticsearch]\nshards = auto\n",
                   "2: [elasticsearch] shards: expected an integer from 1 to 1024");
    assert_refused("[elasticsearch]\nkeep_days = 0\n",
                   "2: [elasticsearch] keep_days: expected an integer from 1 to 36500");
}
END_TEST

START_TEST(hosts_are_shown_without_credentials)
{
    struct peba_config cfg;
    char out[512];

    ck_assert_int_eq(load_text("[elasticsearch]\nhosts = https://peba:s3cret@es1:9200, http://es2:9200/x@y, "
                               "https://key@es3:9200/\n",
                               &cfg, NULL),
                     PEBA_OK);
    config_hosts_public(&cfg, out, sizeof out);
    ck_assert_str_eq(out, "https://es1:9200, http://es2:9200/x@y, https://es3:9200/");
    config_hosts_public(&cfg, out, 12);
    ck_assert_str_eq(out, "https://es1");
    config_free(&cfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, defaults_apply_without_a_file);
    tcase_add_test(core, a_file_overrides_the_defaults);
    tcase_add_test(core, the_cache_ttl_keys_are_the_documented_routes_and_defaults);
    tcase_add_test(core, the_engine_budget_keys_are_the_documented_routes_and_defaults);
    tcase_add_test(core, eight_hosts_are_accepted);
    tcase_add_test(core, index_settings_default_to_one_shard_auto_replicas_and_28_days);
    tcase_add_test(core, hosts_are_shown_without_credentials);
    tcase_add_test(limits, an_unknown_key_names_file_line_and_key);
    tcase_add_test(limits, a_removed_key_is_refused_by_name);
    tcase_add_test(limits, an_engine_budget_key_must_name_a_route_that_asks_the_engine);
    tcase_add_test(limits, the_longest_wait_must_not_be_shorter_than_the_first);
    tcase_add_test(limits, a_cache_ttl_key_must_name_a_cached_route);
    tcase_add_test(limits, a_program_without_routes_leaves_the_per_route_sections_unread);
    tcase_add_test(limits, a_bad_integer_names_line_and_key);
    tcase_add_test(limits, an_integer_out_of_range_is_refused);
    tcase_add_test(limits, a_bad_index_name_is_refused);
    tcase_add_test(limits, a_bad_boolean_is_refused);
    tcase_add_test(limits, a_bad_hosts_list_is_refused);
    tcase_add_test(limits, a_syntax_error_reports_the_line);
    tcase_add_test(limits, a_missing_file_is_refused);
    tcase_add_test(limits, bad_index_settings_are_refused);
    return unit_run(s);
}
