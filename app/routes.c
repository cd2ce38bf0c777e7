/* routes.c: the static route table: every path, its methods, parameters, format, domain, auth and cache TTL. */
#include "route.h"

#include <string.h>

#include "array_len.h"
#include "metrics.h"
#include "h_alerts.h"
#include "h_counts.h"
#include "h_dataset.h"
#include "h_feeds.h"
#include "h_geo_stats.h"
#include "h_getstats.h"
#include "h_infra.h"
#include "h_ingest.h"
#include "h_metrics.h"
#include "h_tops.h"
#include "h_tpot.h"

static const struct param_list no_params = {NULL, 0};

#define PARAMS(list) &list
#define NO_PARAMS &no_params
/* The last column: the route's per-route settings (lib/config.h), {0} for none. */
#define TTL(seconds) [ROUTE_CACHE_TTL] = (seconds)
#define BUDGET(ms) [ROUTE_ENGINE_BUDGET] = (ms)
/*
 * Engine budgets: all the engine time one request may use, fail-overs
 * included. The dashboard's searches take milliseconds, so a hung engine
 * holds its worker for a short time only; the aggregations over every index
 * and the lists of the private feeds take longer.
 */
#define DASHBOARD BUDGET(2000)
#define AGGREGATE BUDGET(5000)
#define FEED BUDGET(10000)

/* Cache TTLs are the original's, in seconds; [cache_ttl] and [engine_budget_ms] override the settings by route name. */
/* clang-format off */
static const struct route route_table[] = {
    /* path                                methods      handler                        params                        format        out                 ci     auth          settings */
    {"/",                                  METHOD_GET,  handle_root,                   NO_PARAMS,                    FORMAT_TEXT,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {0}},
    {"/heartbeat",                         METHOD_GET,  handle_heartbeat,              NO_PARAMS,                    FORMAT_TEXT,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {DASHBOARD}},
    {"/alert/heartbeat",                   METHOD_GET,  handle_alert_heartbeat,        NO_PARAMS,                    FORMAT_JSON,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {DASHBOARD}},
    {"/metrics",                           METHOD_GET,  handle_metrics,                NO_PARAMS,                    FORMAT_PLAIN, ROUTE_OUT_NONE,     false, AUTH_NONE,    {0}},
    {"/alert/retrieveAlertsCount",         METHOD_GET,  handle_alerts_count,           PARAMS(count_params),         FORMAT_XML,   ROUTE_OUT_JSON,     true,  AUTH_NONE,    {TTL(60), DASHBOARD}},
    {"/alert/retrieveAlertsCountWithType", METHOD_GET,  handle_alerts_count_with_type, PARAMS(count_params),         FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(13), DASHBOARD}},
    {"/alert/retrieveAlertsJson",          METHOD_GET,  handle_alerts_json,            NO_PARAMS,                    FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(25), DASHBOARD}},
    {"/alert/retrieveAlertStats",          METHOD_GET,  handle_alert_stats,            NO_PARAMS,                    FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(13), DASHBOARD}},
    {"/alert/datasetAlertsPerMonth",       METHOD_GET,  handle_alerts_per_month,       PARAMS(dataset_params),       FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(600), AGGREGATE}},
    {"/alert/datasetAlertTypesPerMonth",   METHOD_GET,  handle_alert_types_per_month,  PARAMS(dataset_params),       FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(3600), AGGREGATE}},
    {"/alert/topCountriesAttacks",         METHOD_GET,  handle_top_countries,          PARAMS(top_countries_params), FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(60), DASHBOARD}},
    {"/alert/retrieveLatLonAttacks",       METHOD_GET,  handle_latlon,                 PARAMS(latlon_params),        FORMAT_JSON,  ROUTE_OUT_NONE,     true,  AUTH_NONE,    {TTL(60), DASHBOARD}},
    {"/alert/TpotStats",                   METHOD_GET,  handle_tpot_stats,             PARAMS(tpot_params),          FORMAT_JSON,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {TTL(2419200), AGGREGATE}},
    {"/alert/getStats",                    METHOD_GET,  handle_get_stats,              PARAMS(getstats_params),      FORMAT_JSON,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {TTL(1800), DASHBOARD}},
    {"/alert/tops",                        METHOD_GET,  handle_tops,                   PARAMS(tops_params),          FORMAT_JSON,  ROUTE_OUT_NONE,     false, AUTH_NONE,    {TTL(7200), AGGREGATE}},
    {"/ews-0.1/alert/postSimpleMessage",   METHOD_POST, handle_post_simple_message,    NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_NONE,     false, AUTH_SUBMIT,  {BUDGET(30000)}},
    {"/alert/retrieveIPs",                 METHOD_POST, handle_bad_ips,                NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_JSON_TXT, true,  AUTH_PRIVATE, {BUDGET(60000)}},
    {"/ews-0.1/alert/retrieveIPs",         METHOD_POST, handle_bad_ips,                NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_JSON_TXT, true,  AUTH_PRIVATE, {BUDGET(60000)}},
    {"/alert/retrieveIPs15m",              METHOD_POST, handle_bad_ips_15m,            NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_JSON_TXT, true,  AUTH_PRIVATE, {FEED}},
    {"/ews-0.1/alert/retrieveIPs15m",      METHOD_POST, handle_bad_ips_15m,            NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_JSON_TXT, true,  AUTH_PRIVATE, {FEED}},
    {"/alert/retrieveAlertsCyber",         METHOD_POST, handle_alerts_cyber,           NO_PARAMS,                    FORMAT_XML,   ROUTE_OUT_NONE,     true,  AUTH_PRIVATE, {FEED}},
    {"/alert/querySingleIP",               METHOD_POST, handle_single_ip,              PARAMS(single_ip_params),     FORMAT_XML,   ROUTE_OUT_NONE,     true,  AUTH_PRIVATE, {FEED}},
};
/* clang-format on */

/* every row has its own slot in the metrics, and the last slot counts the paths no row has */
_Static_assert(ARRAY_LEN(route_table) < METRICS_ROUTES, "METRICS_ROUTES (lib/metrics.h) holds every route");

const struct route *route_find(const char *path)
{
    for (size_t i = 0; i < ARRAY_LEN(route_table); i++)
        if (strcmp(route_table[i].path, path) == 0)
            return &route_table[i];
    return NULL;
}

const struct route *route_at(size_t i)
{
    return i < ARRAY_LEN(route_table) ? &route_table[i] : NULL;
}

size_t route_index(const struct route *route)
{
    return (size_t)(route - route_table);
}

const char *route_name(const struct route *route)
{
    return strrchr(route->path, '/') + 1;
}

peba_err routes_config_load(const char *path, struct peba_config *cfg)
{
    struct config_route routes[ARRAY_LEN(route_table)];

    for (size_t i = 0; i < ARRAY_LEN(route_table); i++) {
        routes[i].name = route_name(&route_table[i]);
        memcpy(routes[i].defaults, route_table[i].defaults, sizeof routes[i].defaults);
    }
    return config_load_routes(path, routes, ARRAY_LEN(routes), cfg);
}

long route_setting(const struct peba_config *cfg, const struct route *route, enum route_setting s)
{
    size_t i = route_index(route);

    return i < cfg->route_count ? cfg->route_values[i][s] : route->defaults[s];
}
