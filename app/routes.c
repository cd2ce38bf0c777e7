/* routes.c: the static route table: every path, its methods, parameters, format, domain, auth and cache TTL. */
#include <string.h>

#include "array_len.h"
#include "h_alerts.h"
#include "h_counts.h"
#include "h_dataset.h"
#include "h_feeds.h"
#include "h_geo_stats.h"
#include "h_getstats.h"
#include "h_infra.h"
#include "h_ingest.h"
#include "h_tops.h"
#include "h_tpot.h"

static const struct param_list no_params = {NULL, 0};

#define PARAMS(list) &list
#define NO_PARAMS &no_params

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
