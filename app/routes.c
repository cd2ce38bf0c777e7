/* routes.c: the static route table: every path, its methods, parameters, format, domain, auth and cache TTL. */
#include <string.h>

#include "array_len.h"
#include "handlers.h"

#define PARAMS(list) list, ARRAY_LEN(list)
#define NO_PARAMS NULL, 0

static const char *const day_word[] = {"day", NULL};

/* retrieveAlertsCount, retrieveAlertsCountWithType: minutes (a year at most) or since midnight */
static const struct param_spec count_params[] = {
    [COUNT_TIME] = {.name = "time", .validate = param_int_or_choice, .max = 525600, .choices = day_word,
                    .required = true},
};

/* datasetAlertsPerMonth, datasetAlertTypesPerMonth: days back (a year at most); absent: one calendar month */
static const struct param_spec dataset_params[] = {
    [DATASET_DAYS] = {.name = "days", .validate = param_int, .max = 366},
};

/* topCountriesAttacks: months back (ten years at most; `offset` is the README's name), 1..100 countries */
static const struct param_spec top_countries_params[] = {
    [TOPC_MONTH_OFFSET] = {.name = "monthOffset", .validate = param_int, .max = 120, .def = "0",
                           .alias = "offset"},
    [TOPC_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 100, .def = "10"},
};

static const char *const direction_words[] = {"src", "dst", NULL};

/* retrieveLatLonAttacks: days back (a year at most), 1..100 locations, attacker or honeypot side */
static const struct param_spec latlon_params[] = {
    [LATLON_OFFSET] = {.name = "offset", .validate = param_int, .max = 366, .def = "0"},
    [LATLON_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 100, .def = "10"},
    [LATLON_DIRECTION] = {.name = "direction", .validate = param_choice, .choices = direction_words,
                          .def = "src"},
};

/* TpotStats: one UTC day */
static const struct param_spec tpot_params[] = {
    [TPOT_DAY] = {.name = "day", .validate = param_compact_day, .required = true},
};

/* getStats: a [gte, lt) window (its defaults depend on the clock) and the types' ratio columns */
static const struct param_spec getstats_params[] = {
    [GETSTATS_GTE] = {.name = "gte", .validate = param_datetime_decoded_twice},
    [GETSTATS_LT] = {.name = "lt", .validate = param_datetime_decoded_twice},
    [GETSTATS_VALUES] = {.name = "values", .validate = param_choice_list_decoded_twice, .max_len = 512,
                         .choices = getstats_types},
};

static const char *const tops_types[] = {"urls", "destports", NULL};
static const char *const tops_days[] = {"1", "7", "28", NULL};

/* tops: URLs or destination ports, over 1, 7 or 28 days, 1..30 of them */
static const struct param_spec tops_params[] = {
    [TOPS_TYPE] = {.name = "type", .validate = param_choice, .choices = tops_types, .required = true},
    [TOPS_DAYS] = {.name = "days", .validate = param_choice, .choices = tops_days, .def = "1"},
    [TOPS_TOPX] = {.name = "topx", .validate = param_int, .min = 1, .max = 30, .def = "10"},
};

/* querySingleIP: any IPv4 or IPv6 address (the original took only global IPv4 and answered others with nothing) */
static const struct param_spec single_ip_params[] = {
    [SINGLE_IP] = {.name = "ip", .validate = param_ip, .required = true},
};

static const struct route route_table[] = {
    /* path                              methods     handler                        params                 format       out    ci     auth       ttl */
    {"/",                                METHOD_GET, handle_root,                   NO_PARAMS,             FORMAT_TEXT, false, false, AUTH_NONE, TTL_NONE},
    {"/heartbeat",                       METHOD_GET, handle_heartbeat,              NO_PARAMS,             FORMAT_TEXT, false, false, AUTH_NONE, TTL_NONE},
    {"/alert/heartbeat",                 METHOD_GET, handle_alert_heartbeat,        NO_PARAMS,             FORMAT_JSON, false, false, AUTH_NONE, TTL_NONE},
    {"/alert/retrieveAlertsCount",       METHOD_GET, handle_alerts_count,           PARAMS(count_params),  FORMAT_XML,  true,  true,  AUTH_NONE, TTL_ALERTS_COUNT},
    {"/alert/retrieveAlertsCountWithType", METHOD_GET, handle_alerts_count_with_type, PARAMS(count_params), FORMAT_JSON, false, true,  AUTH_NONE, TTL_ALERTS_COUNT_WITH_TYPE},
    {"/alert/retrieveAlertsJson",        METHOD_GET, handle_alerts_json,            NO_PARAMS,             FORMAT_JSON, false, true,  AUTH_NONE, TTL_ALERTS_JSON},
    {"/alert/retrieveAlertStats",        METHOD_GET, handle_alert_stats,            NO_PARAMS,             FORMAT_JSON, false, true,  AUTH_NONE, TTL_ALERT_STATS},
    {"/alert/datasetAlertsPerMonth",     METHOD_GET, handle_alerts_per_month,       PARAMS(dataset_params), FORMAT_JSON, false, true, AUTH_NONE, TTL_ALERTS_PER_MONTH},
    {"/alert/datasetAlertTypesPerMonth", METHOD_GET, handle_alert_types_per_month,  PARAMS(dataset_params), FORMAT_JSON, false, true, AUTH_NONE, TTL_ALERT_TYPES_PER_MONTH},
    {"/alert/topCountriesAttacks",       METHOD_GET, handle_top_countries,          PARAMS(top_countries_params), FORMAT_JSON, false, true, AUTH_NONE, TTL_TOP_COUNTRIES},
    {"/alert/retrieveLatLonAttacks",     METHOD_GET, handle_latlon,                 PARAMS(latlon_params), FORMAT_JSON, false, true,  AUTH_NONE, TTL_LATLON},
    {"/alert/TpotStats",                 METHOD_GET, handle_tpot_stats,             PARAMS(tpot_params),   FORMAT_JSON, false, false, AUTH_NONE, TTL_TPOT_STATS},
    {"/alert/getStats",                  METHOD_GET, handle_get_stats,              PARAMS(getstats_params), FORMAT_JSON, false, false, AUTH_NONE, TTL_GET_STATS},
    {"/alert/tops",                      METHOD_GET, handle_tops,                   PARAMS(tops_params),   FORMAT_JSON, false, false, AUTH_NONE, TTL_TOPS},
    {"/ews-0.1/alert/postSimpleMessage", METHOD_POST, handle_post_simple_message, NO_PARAMS,            FORMAT_XML,  false, false, AUTH_SUBMIT, TTL_NONE},
    {"/alert/retrieveIPs",               METHOD_POST, handle_bad_ips,               NO_PARAMS,             FORMAT_XML,  true,  true,  AUTH_PRIVATE, TTL_NONE},
    {"/ews-0.1/alert/retrieveIPs",       METHOD_POST, handle_bad_ips,               NO_PARAMS,             FORMAT_XML,  true,  true,  AUTH_PRIVATE, TTL_NONE},
    {"/alert/retrieveIPs15m",            METHOD_POST, handle_bad_ips_15m,           NO_PARAMS,             FORMAT_XML,  true,  true,  AUTH_PRIVATE, TTL_NONE},
    {"/ews-0.1/alert/retrieveIPs15m",    METHOD_POST, handle_bad_ips_15m,           NO_PARAMS,             FORMAT_XML,  true,  true,  AUTH_PRIVATE, TTL_NONE},
    {"/alert/retrieveAlertsCyber",       METHOD_POST, handle_alerts_cyber,          NO_PARAMS,             FORMAT_XML,  false, true,  AUTH_PRIVATE, TTL_NONE},
    {"/alert/querySingleIP",             METHOD_POST, handle_single_ip,             PARAMS(single_ip_params), FORMAT_XML, false, true, AUTH_PRIVATE, TTL_NONE},
};

const struct route *route_find(const char *path)
{
    for (size_t i = 0; i < ARRAY_LEN(route_table); i++)
        if (strcmp(route_table[i].path, path) == 0)
            return &route_table[i];
    return NULL;
}
