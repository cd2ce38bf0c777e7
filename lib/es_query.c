/* es_query.c: structural search-body fragments and index expressions. */
#include "es_query.h"

void esq_index_days(struct buf *out, const char *prefix, int days)
{
    if (days <= 0) {
        buf_printf(out, "%s-*", prefix);
        return;
    }
    for (int d = 0; d < days; d++) {
        /* <P-{now/d-Nd}-*> percent-encoded: < %3C, { %7B, / %2F, } %7D, > %3E */
        buf_printf(out, "%s%%3C%s-%%7Bnow%%2Fd", d ? "," : "", prefix);
        if (d)
            buf_printf(out, "-%dd", d);
        buf_puts(out, "%7D-*%3E");
    }
}

cJSON *esq_domain_filter(enum data_domain domain)
{
    cJSON *terms = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(cJSON_AddObjectToObject(terms, "terms"), "clientDomain");

    if (domain != DOMAIN_PRIVATE)
        cJSON_AddItemToArray(list, cJSON_CreateTrue());
    if (domain != DOMAIN_COMMUNITY)
        cJSON_AddItemToArray(list, cJSON_CreateFalse());
    return terms;
}

cJSON *esq_range(const char *field, const char *gte, const char *upper_op, const char *upper)
{
    cJSON *range = cJSON_CreateObject();
    cJSON *bounds = cJSON_AddObjectToObject(cJSON_AddObjectToObject(range, "range"), field);

    if (gte)
        cJSON_AddStringToObject(bounds, "gte", gte);
    if (upper_op && upper)
        cJSON_AddStringToObject(bounds, upper_op, upper);
    return range;
}

cJSON *esq_term(const char *field, const char *value)
{
    cJSON *term = cJSON_CreateObject();

    cJSON_AddStringToObject(cJSON_AddObjectToObject(term, "term"), field, value);
    return term;
}

cJSON *esq_terms_agg(const char *field, int size)
{
    cJSON *agg = cJSON_CreateObject();
    cJSON *terms = cJSON_AddObjectToObject(agg, "terms");

    cJSON_AddStringToObject(terms, "field", field);
    cJSON_AddNumberToObject(terms, "size", size);
    return agg;
}

void esq_track_total(cJSON *body)
{
    cJSON_AddTrueToObject(body, "track_total_hits");
}

cJSON *esq_push(cJSON *obj, const char *key, cJSON *item)
{
    cJSON *array = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (!array)
        array = cJSON_AddArrayToObject(obj, key);
    cJSON_AddItemToArray(array, item);
    return item;
}

cJSON *esq_object(cJSON *obj, const char *key)
{
    cJSON *child = cJSON_GetObjectItemCaseSensitive(obj, key);

    return child ? child : cJSON_AddObjectToObject(obj, key);
}
