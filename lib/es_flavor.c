/* es_flavor.c: the search engines' differences: which engine answered, template APIs, manager naming, hit counts. */
#include "es_flavor.h"

#include <stdio.h>
#include <string.h>

#include "es_client.h"

bool es_flavor_parse(const cJSON *info, struct es_flavor *out)
{
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(info, "version");
    const char *number = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(version, "number"));
    const char *distribution =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(version, "distribution"));

    memset(out, 0, sizeof *out);
    if (!number || sscanf(number, "%d.%d", &out->major, &out->minor) != 2 || out->major < 0 ||
        out->minor < 0) {
        memset(out, 0, sizeof *out);
        return false;
    }
    snprintf(out->version, sizeof out->version, "%s", number);
    out->vendor = distribution && strcmp(distribution, "opensearch") == 0 ? ES_VENDOR_OPENSEARCH
                                                                          : ES_VENDOR_ELASTICSEARCH;
    return true;
}

const char *es_flavor_name(const struct es_flavor *f)
{
    return f->vendor == ES_VENDOR_OPENSEARCH ? "OpenSearch" : "Elasticsearch";
}

static bool composable_templates(const struct es_flavor *f)
{
    return f->vendor == ES_VENDOR_OPENSEARCH || f->major > 7 || (f->major == 7 && f->minor >= 8);
}

bool es_flavor_template_path(const struct es_flavor *f, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "/%s/%s", composable_templates(f) ? "_index_template" : "_template", name);

    return n >= 0 && (size_t)n < size;
}

void es_flavor_template_body(const struct es_flavor *f, cJSON *body)
{
    cJSON *tmpl, *priority, *part;

    if (composable_templates(f))
        return;
    /* the legacy API: settings and mappings at the top, and `order` where composable ones have `priority` */
    if ((priority = cJSON_DetachItemFromObjectCaseSensitive(body, "priority")))
        cJSON_AddItemToObject(body, "order", priority);
    tmpl = cJSON_DetachItemFromObjectCaseSensitive(body, "template");
    while (tmpl && tmpl->child) {
        part = cJSON_DetachItemViaPointer(tmpl, tmpl->child);
        cJSON_AddItemToObject(body, part->string, part);
    }
    cJSON_Delete(tmpl);
}

const char *es_flavor_manager_metric(const struct es_flavor *f)
{
    return f->vendor == ES_VENDOR_OPENSEARCH && f->major >= 2 ? "cluster_manager_node" : "master_node";
}

bool es_flavor_manager_role(const char *role)
{
    return role && (strcmp(role, "cluster_manager") == 0 || strcmp(role, "master") == 0);
}

long long es_hits_total(const cJSON *reply)
{
    const cJSON *hits = cJSON_GetObjectItemCaseSensitive(reply, "hits");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(hits, "total");

    if (cJSON_IsObject(total))
        total = cJSON_GetObjectItemCaseSensitive(total, "value");
    return cJSON_IsNumber(total) ? es_number(total->valuedouble) : -1;
}
