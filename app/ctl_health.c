/* ctl_health.c: `pebactl health`: the search engine's version and cluster status, and memcached's. */
#include <string.h>

#include "ctl.h"

static const char *text_at(const cJSON *obj, const char *key, const char *fallback)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));

    return s ? s : fallback;
}

/* GET path as JSON; NULL after a reported failure. */
static cJSON *get_json(struct ctl *ctl, const char *path)
{
    cJSON *reply = NULL;

    return ctl_call(ctl, "GET", path, NULL, &reply) ? reply : NULL;
}

/* True when the engine answers and its cluster is not red (red: some alerts cannot be searched). */
static bool engine_health(struct ctl *ctl)
{
    cJSON *info = get_json(ctl, "/"), *health;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(info, "version");
    double latency = es_last_latency_ms(ctl->es);
    const char *status;
    bool ok;

    if (!info || !(health = get_json(ctl, "/_cluster/health"))) {
        printf("search engine: down (%s)\n", ctl->cfg.es_hosts_text);
        cJSON_Delete(info);
        return false;
    }
    status = text_at(health, "status", "unknown");
    ok = strcmp(status, "red") != 0;
    printf("search engine: %s %s, cluster %s status %s, %.1f ms (%s)\n",
           text_at(version, "distribution", "elasticsearch"), text_at(version, "number", "?"),
           text_at(health, "cluster_name", "?"), status, latency, ctl->cfg.es_hosts_text);
    if (!ok)
        ctl_error(ctl, "cluster status is red");
    cJSON_Delete(health);
    cJSON_Delete(info);
    return ok;
}

/* memcached only speeds peba up: its state is reported but never fails the check. */
static void cache_health(struct ctl *ctl)
{
    char version[32] = "";
    double ms = 0;

    if (!ctl->cfg.cache_enabled)
        printf("memcached: disabled\n");
    else if (!ctl->cache)
        printf("memcached: cannot use servers %s\n", ctl->cfg.memcached_servers);
    else if (cache_probe(ctl->cache, version, sizeof version, &ms))
        printf("memcached: %s, %.1f ms (%s)\n", version, ms, ctl->cfg.memcached_servers);
    else
        printf("memcached: unreachable (%s); peba serves uncached\n", ctl->cfg.memcached_servers);
}

int ctl_health(struct ctl *ctl, int argc, char **argv)
{
    int rc = ctl_args(ctl, argc, argv, NULL, NULL, NULL, 0, 0);
    bool ok;

    if (rc != CTL_CONTINUE)
        return rc;
    if (!ctl_connect(ctl, true))
        return CTL_EXIT_FAILED;
    ok = engine_health(ctl);
    cache_health(ctl);
    return ok ? CTL_EXIT_OK : CTL_EXIT_FAILED;
}
