/*
 * es_flavor.h: what differs between the search engines peba talks to
 * (Elasticsearch 7 and 8, OpenSearch 1 to 3) in the requests it sends and
 * the replies it reads, in one place. Start-up differences of the test
 * stack's engines are in stack/lib.sh; docs/deployment.md lists both.
 */
#ifndef PEBA_ES_FLAVOR_H
#define PEBA_ES_FLAVOR_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

enum es_vendor { ES_VENDOR_ELASTICSEARCH, ES_VENDOR_OPENSEARCH };

struct es_flavor {
    enum es_vendor vendor;
    int major, minor;
    char version[32]; /* version.number as the engine sent it */
};

/*
 * The engine that answered GET / with info: OpenSearch names itself in
 * version.distribution, Elasticsearch sends none. False (out zeroed) when
 * version.number is missing or does not start with MAJOR.MINOR.
 */
bool es_flavor_parse(const cJSON *info, struct es_flavor *out);
/* "OpenSearch" or "Elasticsearch". */
const char *es_flavor_name(const struct es_flavor *f);

/*
 * Index templates: the composable API (/_index_template/<name>: index_patterns,
 * priority, template{settings, mappings}) exists since Elasticsearch 7.8 and
 * in every OpenSearch; older engines have only the legacy /_template/<name>
 * (index_patterns, order, settings, mappings). The path of template name, and
 * the body peba builds in the composable shape turned into the legacy one in
 * place where the engine needs it. es_flavor_template_path returns false when
 * the path does not fit.
 */
bool es_flavor_template_path(const struct es_flavor *f, const char *name, char *out, size_t size);
void es_flavor_template_body(const struct es_flavor *f, cJSON *body);

/*
 * Cluster managers: OpenSearch 2 renamed Elasticsearch's "master". The
 * cluster state metric naming the elected one (GET /_cluster/state/<metric>
 * answers {"<metric>": "<node id>"}), and whether a role of GET /_nodes lets
 * a node be elected (either name, as OpenSearch 1 still says "master").
 */
const char *es_flavor_manager_metric(const struct es_flavor *f);
bool es_flavor_manager_role(const char *role);

/* hits.total of a search reply, whether a number (Elasticsearch 6) or {"value": n} (7 and later, OpenSearch); -1 if absent. */
long long es_hits_total(const cJSON *reply);

#endif
