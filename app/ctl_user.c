/* ctl_user.c: `pebactl user add|del`: users of the authenticated endpoints, as lib/auth.c reads them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "auth.h"
#include "bulk.h"
#include "ctl.h"
#include "es_query.h"

#define USER_NAME_MAX 128
#define USER_EMAIL_MAX 254

struct user_options {
    bool community, get_only, md5;
    const char *email;
};

/* 1..max printable ASCII characters without white space: safe as peerName, document id and cache key. */
static bool valid_word(const char *s, size_t max)
{
    size_t len = strlen(s);

    if (len == 0 || len > max)
        return false;
    for (; *s; s++)
        if (!isgraph((unsigned char)*s))
            return false;
    return true;
}

static int user_option(struct ctl *ctl, void *ctx, int opt, const char *arg)
{
    struct user_options *o = ctx;

    switch (opt) {
    case 'C': o->community = true; break;
    case 'g': o->get_only = true; break;
    case 'm': o->md5 = true; break;
    case 'e':
        if (!valid_word(arg, USER_EMAIL_MAX))
            return ctl_usage_error(ctl, "--email must be 1..%d printable characters without spaces",
                                   USER_EMAIL_MAX);
        o->email = arg;
        break;
    }
    return CTL_CONTINUE;
}

/* The NAME argument, or NULL after a usage error. */
static const char *user_name(struct ctl *ctl)
{
    const char *name = ctl->args[0];

    if (!valid_word(name, USER_NAME_MAX)) {
        ctl_usage_error(ctl, "NAME must be 1..%d printable ASCII characters without spaces", USER_NAME_MAX);
        return NULL;
    }
    return name;
}

/* Reads the first line of standard input (the secret) into *line, newline stripped; false when empty. */
static bool read_secret(struct ctl *ctl, char **line, size_t *cap, size_t *len)
{
    ssize_t n = getline(line, cap, stdin);

    *len = n > 0 ? (size_t)n : 0;
    while (*len && ((*line)[*len - 1] == '\n' || (*line)[*len - 1] == '\r'))
        (*line)[--*len] = '\0';
    if (*len == 0)
        ctl_error(ctl, "no secret on standard input (its first line is the secret)");
    return *len > 0;
}

/* Drops the user's cached login; says so when memcached cannot be told. */
static void forget_cached(struct ctl *ctl, const char *name)
{
    char version[32];
    double ms;

    if (!ctl->cache)
        return;
    if (!cache_probe(ctl->cache, version, sizeof version, &ms)) {
        ctl_error(ctl, "warning: memcached unreachable; a cached login of %s may work for up to %ld s", name,
                  ctl->cfg.user_cache_ttl);
        return;
    }
    auth_forget(ctl->cache, name);
}

/* Writing to a missing users index would create it with a text peerName, which auth's term query misses. */
static bool users_index_exists(struct ctl *ctl)
{
    char path[256];
    int exists;

    snprintf(path, sizeof path, "/%s", ctl->cfg.user_index);
    if ((exists = ctl_exists(ctl, path)) == 0)
        ctl_error(ctl, "users index %s does not exist; run 'pebactl setup' first", ctl->cfg.user_index);
    return exists == 1;
}

/* Deletes the users matching query (consumed) with a refresh; returns how many, or -1 after a failure. */
static long delete_users(struct ctl *ctl, cJSON *query)
{
    char path[256];
    cJSON *body = cJSON_CreateObject(), *reply = NULL;
    long deleted = -1;

    cJSON_AddItemToObject(body, "query", query);
    snprintf(path, sizeof path, "/%s/_delete_by_query?refresh=true&conflicts=proceed", ctl->cfg.user_index);
    if (ctl_call(ctl, "POST", path, body, &reply)) {
        const cJSON *count = cJSON_GetObjectItemCaseSensitive(reply, "deleted");

        if (cJSON_IsNumber(count))
            deleted = (long)es_number(count->valuedouble);
        else
            ctl_error(ctl, "delete in %s: no count in the reply", ctl->cfg.user_index);
    }
    cJSON_Delete(reply);
    cJSON_Delete(body);
    return deleted;
}

struct store_result {
    bool stored;
    char reason[400];
};

static void on_stored(void *ctx, size_t seq, bool stored, const char *reason)
{
    struct store_result *r = ctx;

    (void)seq;
    r->stored = stored;
    if (reason)
        snprintf(r->reason, sizeof r->reason, "%s", reason);
}

/*
 * Indexes the user document under id NAME, visible on return. The Bulk API
 * takes the id inside the JSON body, so no name ever needs URL encoding.
 */
static bool store_user(struct ctl *ctl, const char *name, const cJSON *doc)
{
    struct store_result r = {.stored = false};
    struct bulk b;

    bulk_init(&b, ctl->es, 1, 1u << 20, on_stored, &r);
    b.refresh = "wait_for";
    if (bulk_add(&b, ctl->cfg.user_index, name, doc) == PEBA_OK)
        bulk_flush(&b);
    bulk_free(&b);
    if (!r.stored)
        ctl_error(ctl, "cannot store user %s: %s", name, r.reason);
    return r.stored;
}

/* Removes other documents naming the same user (older tools used random ids): auth refuses duplicates. */
static bool remove_duplicates(struct ctl *ctl, const char *name)
{
    cJSON *query = cJSON_CreateObject();
    cJSON *bool_q = cJSON_AddObjectToObject(query, "bool");
    cJSON *ids = cJSON_CreateObject();
    long removed;

    esq_push(bool_q, "filter", esq_term("peerName", name));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(ids, "ids"), "values"),
                         cJSON_CreateString(name));
    esq_push(bool_q, "must_not", ids);
    removed = delete_users(ctl, query);
    if (removed > 0)
        printf("removed %ld older document(s) of user %s\n", removed, name);
    return removed >= 0;
}

static cJSON *user_doc(const char *name, const char *token, const struct user_options *o)
{
    cJSON *doc = cJSON_CreateObject();

    cJSON_AddStringToObject(doc, "peerName", name);
    cJSON_AddStringToObject(doc, "token", token);
    cJSON_AddBoolToObject(doc, "community", o->community);
    cJSON_AddBoolToObject(doc, "getOnly", o->get_only);
    if (o->email)
        cJSON_AddStringToObject(doc, "email", o->email);
    return doc;
}

/* Stores user name with the digest of secret (len bytes). */
static bool save_user(struct ctl *ctl, const char *name, const char *secret, size_t len,
                      const struct user_options *o)
{
    char token[AUTH_HEX_MAX];
    cJSON *doc;
    bool ok;

    if (!auth_hex_digest(o->md5 ? AUTH_DIGEST_MD5 : AUTH_DIGEST_SHA512, secret, len, token))
        return false;
    doc = user_doc(name, token, o);
    ok = users_index_exists(ctl) && store_user(ctl, name, doc) && remove_duplicates(ctl, name);
    cJSON_Delete(doc);
    if (ok) {
        forget_cached(ctl, name);
        printf("user %s stored (%s token)\n", name, o->md5 ? "md5" : "sha512");
    }
    return ok;
}

static bool add_user(struct ctl *ctl, const char *name, const struct user_options *o)
{
    char *secret = NULL;
    size_t cap = 0, len;
    bool ok = read_secret(ctl, &secret, &cap, &len) && save_user(ctl, name, secret, len, o);

    if (secret)
        OPENSSL_cleanse(secret, cap);
    free(secret);
    return ok;
}

bool ctl_user_store(struct ctl *ctl, const char *name, const char *secret)
{
    const struct user_options plain = {.community = false};

    return save_user(ctl, name, secret, strlen(secret), &plain);
}

int ctl_user_add(struct ctl *ctl, int argc, char **argv)
{
    static const struct option options[] = {
        {"community", no_argument, NULL, 'C'},
        {"get-only", no_argument, NULL, 'g'},
        {"email", required_argument, NULL, 'e'},
        {"md5", no_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    struct user_options o = {.community = false};
    int rc = ctl_args(ctl, argc, argv, options, user_option, &o, 1, 1);
    const char *name;

    if (rc != CTL_CONTINUE)
        return rc;
    if (!(name = user_name(ctl)))
        return CTL_EXIT_USAGE;
    if (!ctl_connect(ctl, true))
        return CTL_EXIT_FAILED;
    return add_user(ctl, name, &o) ? CTL_EXIT_OK : CTL_EXIT_FAILED;
}

/*
 * One delete-by-query on peerName removes the document with id NAME and any
 * older one with a random id: everything that could authenticate as NAME.
 */
int ctl_user_del(struct ctl *ctl, int argc, char **argv)
{
    int rc = ctl_args(ctl, argc, argv, NULL, NULL, NULL, 1, 1);
    const char *name;
    long deleted;

    if (rc != CTL_CONTINUE)
        return rc;
    if (!(name = user_name(ctl)))
        return CTL_EXIT_USAGE;
    if (!ctl_connect(ctl, true) || !users_index_exists(ctl))
        return CTL_EXIT_FAILED;
    deleted = delete_users(ctl, esq_term("peerName", name));
    forget_cached(ctl, name);
    if (deleted < 0)
        return CTL_EXIT_FAILED;
    if (deleted == 0) {
        ctl_error(ctl, "no user %s", name);
        return CTL_EXIT_FAILED;
    }
    printf("user %s deleted\n", name);
    return CTL_EXIT_OK;
}
