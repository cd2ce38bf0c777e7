/* ctl_health.c: `pebactl health`: the search engine's version and cluster status, and memcached's. */
#include <string.h>

#include "ctl.h"

static const char *text_at(const cJSON *obj, const char *key, const char *fallback)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));

    return s ? s : fallback;
}

/* A whole number member of obj, 0 when absent. */
static int number_at(const cJSON *obj, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);

    return cJSON_IsNumber(n) ? (int)n->valuedouble : 0;
}

/* GET path as JSON; NULL after a reported failure. */
static cJSON *get_json(struct ctl *ctl, const char *path)
{
    cJSON *reply = NULL;

    return ctl_call(ctl, "GET", path, NULL, &reply) ? reply : NULL;
}

/* The roles of node as the engine names them, comma-separated, into out; whether one may be elected cluster manager. */
static bool node_roles(const cJSON *node, char *out, size_t size)
{
    const cJSON *role;
    bool eligible = false;
    size_t used = 0;

    out[0] = '\0';
    cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(node, "roles")) {
        const char *name = cJSON_GetStringValue(role);

        if (!name)
            continue;
        eligible |= es_flavor_manager_role(name);
        if (used < size)
            used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "", name);
    }
    return eligible;
}

/*
 * One line per node of the cluster (name, HTTP address, roles, the elected
 * cluster manager marked), then how many may be elected: with fewer than
 * three, losing one can leave the cluster without a manager.
 */
static void list_nodes(struct ctl *ctl, const struct es_flavor *engine)
{
    const char *metric = es_flavor_manager_metric(engine);
    char path[64], roles[160];
    cJSON *nodes = get_json(ctl, "/_nodes/_all/http"), *state;
    const cJSON *node;
    const char *manager;
    int eligible = 0, count = 0;

    snprintf(path, sizeof path, "/_cluster/state/%s", metric);
    state = get_json(ctl, path);
    manager = text_at(state, metric, "");
    cJSON_ArrayForEach(node, cJSON_GetObjectItemCaseSensitive(nodes, "nodes")) {
        const cJSON *http = cJSON_GetObjectItemCaseSensitive(node, "http");

        eligible += node_roles(node, roles, sizeof roles);
        count++;
        printf("  node %s, http %s, roles %s%s\n", text_at(node, "name", "?"),
               text_at(http, "publish_address", "?"), roles,
               strcmp(node->string, manager) == 0 ? ", elected cluster manager" : "");
    }
    if (count > 1)
        printf("  %d of %d nodes may be elected cluster manager%s\n", eligible, count,
               eligible < 3 ? ": losing one may leave the cluster without a manager" : "");
    cJSON_Delete(state);
    cJSON_Delete(nodes);
}

/* True when the engine answers and its cluster is not red (red: some alerts cannot be searched). */
static bool engine_health(struct ctl *ctl)
{
    const struct es_flavor *engine = ctl_engine(ctl);
    double latency = es_last_latency_ms(ctl->es);
    char hosts[1024];
    cJSON *health;
    const char *status;
    bool ok;

    config_hosts_public(&ctl->cfg, hosts, sizeof hosts);
    if (!engine || !(health = get_json(ctl, "/_cluster/health"))) {
        printf("search engine: down (%s)\n", hosts);
        return false;
    }
    status = text_at(health, "status", "unknown");
    ok = strcmp(status, "red") != 0;
    printf("search engine: %s %s, cluster %s status %s, %d node%s, %.1f ms (%s)\n", es_flavor_name(engine),
           engine->version, text_at(health, "cluster_name", "?"), status,
           number_at(health, "number_of_nodes"), number_at(health, "number_of_nodes") == 1 ? "" : "s",
           latency, hosts);
    list_nodes(ctl, engine);
    if (strcmp(status, "green") != 0)
        printf("  %d shard copies unassigned, %d initializing\n", number_at(health, "unassigned_shards"),
               number_at(health, "initializing_shards"));
    if (!ok)
        ctl_error(ctl, "cluster status is red");
    cJSON_Delete(health);
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
