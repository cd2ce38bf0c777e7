/* ctl_setup.c: `pebactl setup`: index templates for alerts and statistics, and the users index. */
#include <stdio.h>
#include <string.h>

#include "alert_index.h"
#include "ctl.h"

/* The index settings: NOT_GIVEN until resolve_settings, CONFIG_AUTO for --replicas auto. */
struct setup_options {
    int shards, replicas;
};

#define NOT_GIVEN (-2)

static int setup_option(struct ctl *ctl, void *ctx, int opt, const char *arg)
{
    struct setup_options *o = ctx;

    if (opt == 'r' && strcmp(arg, "auto") == 0)
        o->replicas = CONFIG_AUTO;
    else if (!ctl_parse_int(arg, opt == 's' ? 1 : 0, 1024, opt == 's' ? &o->shards : &o->replicas))
        return ctl_usage_error(ctl, opt == 's' ? "--shards must be a whole number from 1 to 1024"
                                               : "--replicas must be auto or a whole number from 0 to 1024");
    return CTL_CONTINUE;
}

/* The number of data nodes of the cluster; -1 after a reported failure. */
static int data_nodes(struct ctl *ctl)
{
    cJSON *health = NULL;
    const cJSON *n;
    int count;

    if (!ctl_call(ctl, "GET", "/_cluster/health", NULL, &health))
        return -1;
    n = cJSON_GetObjectItemCaseSensitive(health, "number_of_data_nodes");
    count = cJSON_IsNumber(n) ? (int)n->valuedouble : 0;
    cJSON_Delete(health);
    return count;
}

/*
 * The options' values, else the configuration's. Replicas auto becomes 1 on
 * a cluster of several data nodes (a copy of each shard on another node
 * survives the loss of one), 0 on a single node, where a replica could never
 * be placed and would keep the cluster yellow.
 */
static bool resolve_settings(struct ctl *ctl, struct setup_options *o)
{
    int nodes = -1;

    if (o->shards == NOT_GIVEN)
        o->shards = (int)ctl->cfg.shards;
    if (o->replicas == NOT_GIVEN)
        o->replicas = (int)ctl->cfg.replicas;
    if (o->replicas == CONFIG_AUTO) {
        if ((nodes = data_nodes(ctl)) < 0)
            return false;
        o->replicas = nodes > 1 ? 1 : 0;
    }
    printf("index settings: %d shard%s, %d replica%s", o->shards, o->shards == 1 ? "" : "s", o->replicas,
           o->replicas == 1 ? "" : "s");
    if (nodes >= 0)
        printf(" (auto: %d data node%s)", nodes, nodes == 1 ? "" : "s");
    putchar('\n');
    return true;
}

static void add_settings(cJSON *parent, const struct setup_options *o)
{
    cJSON *settings = cJSON_AddObjectToObject(parent, "settings");

    cJSON_AddNumberToObject(settings, "number_of_shards", o->shards);
    cJSON_AddNumberToObject(settings, "number_of_replicas", o->replicas);
}

static cJSON *typed(const char *type)
{
    cJSON *m = cJSON_CreateObject();

    cJSON_AddStringToObject(m, "type", type);
    return m;
}

static cJSON *date_field(void)
{
    cJSON *m = typed("date");

    cJSON_AddStringToObject(m, "format", ALERT_DATE_FORMAT);
    return m;
}

/* Users: auth looks users up with a term query on peerName, so it must be a keyword. */
static cJSON *user_properties(void)
{
    cJSON *props = cJSON_CreateObject();

    cJSON_AddItemToObject(props, "peerName", typed("keyword"));
    cJSON_AddItemToObject(props, "token", typed("keyword"));
    cJSON_AddItemToObject(props, "community", typed("boolean"));
    cJSON_AddItemToObject(props, "getOnly", typed("boolean"));
    cJSON_AddItemToObject(props, "email", typed("keyword"));
    return props;
}

/* Statistics: getStats ranges and sorts on UTCtimeFrom; the comm_* ratios are numbers. */
static cJSON *statistics_template(const char *index, const struct setup_options *o)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *tmpl, *mappings, *props, *rule, *named;

    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "index_patterns"), cJSON_CreateString(index));
    cJSON_AddNumberToObject(body, "priority", 200);
    tmpl = cJSON_AddObjectToObject(body, "template");
    add_settings(tmpl, o);
    mappings = cJSON_AddObjectToObject(tmpl, "mappings");
    named = cJSON_CreateObject();
    rule = cJSON_AddObjectToObject(named, "comm_numbers");
    cJSON_AddStringToObject(rule, "match", "comm_*");
    cJSON_AddItemToObject(rule, "mapping", typed("double"));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(mappings, "dynamic_templates"), named);
    props = cJSON_AddObjectToObject(mappings, "properties");
    cJSON_AddItemToObject(props, "UTCtimeFrom", date_field());
    cJSON_AddItemToObject(props, "UTCtimeTo", date_field());
    return body;
}

/* PUTs body (consumed) to path. */
static bool put(struct ctl *ctl, const char *path, cJSON *body)
{
    bool ok = ctl_call(ctl, "PUT", path, body, NULL);

    cJSON_Delete(body);
    return ok;
}

/* PUTs the template body (consumed; built in the composable shape) with the engine's template API. */
static bool put_template(struct ctl *ctl, const char *name, cJSON *body)
{
    char path[ALERT_INDEX_NAME_MAX + 32];
    const cJSON *pattern = cJSON_GetArrayItem(cJSON_GetObjectItem(body, "index_patterns"), 0);
    char what[ALERT_INDEX_NAME_MAX + 64];
    int before;

    snprintf(what, sizeof what, "index template %s (%s)", name, cJSON_GetStringValue(pattern));
    if (!ctl_template_path(ctl, name, path, sizeof path) || (before = ctl_exists(ctl, path)) < 0) {
        cJSON_Delete(body);
        return false;
    }
    es_flavor_template_body(ctl_engine(ctl), body);
    if (!put(ctl, path, body))
        return false;
    printf("%s %s\n", what, before ? "updated" : "created");
    return true;
}

/* Creates the users index, or checks an existing one can take the mapping (a text peerName cannot). */
static bool ensure_users_index(struct ctl *ctl, const struct setup_options *o)
{
    const char *index = ctl->cfg.user_index;
    char path[ALERT_INDEX_NAME_MAX + 32];
    cJSON *body = cJSON_CreateObject();
    int before;

    snprintf(path, sizeof path, "/%s", index);
    if ((before = ctl_exists(ctl, path)) < 0) {
        cJSON_Delete(body);
        return false;
    }
    if (before) {
        cJSON_AddItemToObject(body, "properties", user_properties());
        snprintf(path, sizeof path, "/%s/_mapping", index);
        if (!put(ctl, path, body))
            return false;
        printf("users index %s exists, mapping checked\n", index);
        return true;
    }
    add_settings(body, o);
    cJSON_AddItemToObject(cJSON_AddObjectToObject(body, "mappings"), "properties", user_properties());
    if (!put(ctl, path, body))
        return false;
    printf("users index %s created\n", index);
    return true;
}

int ctl_setup(struct ctl *ctl, int argc, char **argv)
{
    static const struct option options[] = {
        {"shards", required_argument, NULL, 's'},
        {"replicas", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    struct setup_options o = {.shards = NOT_GIVEN, .replicas = NOT_GIVEN};
    char name[ALERT_INDEX_NAME_MAX + 16];
    int rc = ctl_args(ctl, argc, argv, options, setup_option, &o, 0, 0);

    if (rc != CTL_CONTINUE)
        return rc;
    if (!ctl_connect(ctl, false) || !resolve_settings(ctl, &o))
        return CTL_EXIT_FAILED;
    snprintf(name, sizeof name, "%s-alerts", ctl->cfg.alert_index);
    if (!put_template(ctl, name, alert_index_template(ctl->cfg.alert_index, o.shards, o.replicas)) ||
        !put_template(ctl, ctl->cfg.statistic_index, statistics_template(ctl->cfg.statistic_index, &o)) ||
        !ensure_users_index(ctl, &o))
        return CTL_EXIT_FAILED;
    return CTL_EXIT_OK;
}
