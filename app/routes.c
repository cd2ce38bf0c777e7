/* routes.c: the static route table: every path, its methods, parameters, format, domain, auth and cache TTL. */
#include <string.h>

#include "handlers.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define PARAMS(list) list, LEN(list)
#define NO_PARAMS NULL, 0

static const char *const day_word[] = {"day", NULL};

/* retrieveAlertsCount, retrieveAlertsCountWithType: minutes (a year at most) or since midnight */
static const struct param_spec count_params[] = {
    [COUNT_TIME] = {"time", param_int_or_choice, 0, 525600, 0, day_word, true},
};

static const struct route route_table[] = {
    /* path                              methods     handler                        params                 format       out    ci     private ttl */
    {"/",                                METHOD_GET, handle_root,                   NO_PARAMS,             FORMAT_TEXT, false, false, false, TTL_NONE},
    {"/heartbeat",                       METHOD_GET, handle_heartbeat,              NO_PARAMS,             FORMAT_TEXT, false, false, false, TTL_NONE},
    {"/alert/heartbeat",                 METHOD_GET, handle_alert_heartbeat,        NO_PARAMS,             FORMAT_JSON, false, false, false, TTL_NONE},
    {"/alert/retrieveAlertsCount",       METHOD_GET, handle_alerts_count,           PARAMS(count_params),  FORMAT_XML,  true,  true,  false, TTL_ALERTS_COUNT},
    {"/alert/retrieveAlertsCountWithType", METHOD_GET, handle_alerts_count_with_type, PARAMS(count_params), FORMAT_JSON, false, true,  false, TTL_ALERTS_COUNT_WITH_TYPE},
    {"/alert/retrieveAlertsJson",        METHOD_GET, handle_alerts_json,            NO_PARAMS,             FORMAT_JSON, false, true,  false, TTL_ALERTS_JSON},
    {"/alert/retrieveAlertStats",        METHOD_GET, handle_alert_stats,            NO_PARAMS,             FORMAT_JSON, false, true,  false, TTL_ALERT_STATS},
};

const struct route *route_find(const char *path)
{
    for (size_t i = 0; i < LEN(route_table); i++)
        if (strcmp(route_table[i].path, path) == 0)
            return &route_table[i];
    return NULL;
}
