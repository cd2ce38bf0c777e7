/* auth.c: credential checks against the community account, the users index and the memcached user cache. */
#include "auth.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "buf.h"
#include "es_query.h"

#define CACHE_TYPE "peba/user" /* the content-type slot of a cached user */

/* What the users index says about one user. */
struct stored_user {
    char token[AUTH_HEX_MAX];
    bool get_only;
};

enum auth_digest auth_digest_form(const char *stored)
{
    size_t len = strspn(stored, "0123456789abcdef");

    if (stored[len] != '\0')
        return AUTH_DIGEST_NONE;
    return len == 128 ? AUTH_DIGEST_SHA512 : len == 32 ? AUTH_DIGEST_MD5 : AUTH_DIGEST_NONE;
}

bool auth_hex_digest(enum auth_digest form, const char *secret, size_t len, char out[AUTH_HEX_MAX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;

    if (form == AUTH_DIGEST_NONE ||
        !EVP_Digest(secret, len, md, &md_len, form == AUTH_DIGEST_MD5 ? EVP_md5() : EVP_sha512(), NULL))
        return false;
    for (unsigned int i = 0; i < md_len; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[2 * md_len] = '\0';
    OPENSSL_cleanse(md, sizeof md);
    return true;
}

bool auth_secret_matches(const char *stored, const char *secret)
{
    char hex[AUTH_HEX_MAX];
    bool equal;

    if (!auth_hex_digest(auth_digest_form(stored), secret, strlen(secret), hex))
        return false;
    /* the forms give equal lengths: strlen(hex) == strlen(stored) */
    equal = CRYPTO_memcmp(hex, stored, strlen(hex)) == 0;
    OPENSSL_cleanse(hex, sizeof hex);
    return equal;
}

bool auth_equal(const void *a, size_t alen, const void *b, size_t blen)
{
    unsigned char da[EVP_MAX_MD_SIZE], db[EVP_MAX_MD_SIZE];
    unsigned int na = 0, nb = 0;

    if (!EVP_Digest(a, alen, da, &na, EVP_sha256(), NULL) ||
        !EVP_Digest(b, blen, db, &nb, EVP_sha256(), NULL))
        return false;
    return na == nb && CRYPTO_memcmp(da, db, na) == 0;
}

/* Both halves are always compared, so the timing does not tell a right name from a right token. */
static bool is_community(const struct peba_config *cfg, const char *username, const char *token)
{
    bool name = auth_equal(username, strlen(username), cfg->community_user, strlen(cfg->community_user));
    bool secret = auth_equal(token, strlen(token), cfg->community_token, strlen(cfg->community_token));

    return cfg->community_user[0] && cfg->community_token[0] && (name & secret);
}

static bool user_key(struct buf *key, const char *username)
{
    buf_init(key, 0);
    return buf_printf(key, "user:%s", username);
}

/* The cached "<digest> <getOnly 0|1>" of username; false on a miss or a value of another shape. */
static bool cached_user(struct cache *cache, const char *username, struct stored_user *out)
{
    struct buf key, value;
    char type[sizeof CACHE_TYPE];
    const char *space;
    bool hit = false;

    if (!user_key(&key, username))
        return false;
    buf_init(&value, 1024);
    if (cache_get(cache, key.data, &value, type, sizeof type, NULL) && strcmp(type, CACHE_TYPE) == 0 &&
        (space = strchr(value.data, ' ')) && (size_t)(space - value.data) < sizeof out->token &&
        (space[1] == '0' || space[1] == '1') && space[2] == '\0') {
        memcpy(out->token, value.data, (size_t)(space - value.data));
        out->token[space - value.data] = '\0';
        out->get_only = space[1] == '1';
        hit = auth_digest_form(out->token) != AUTH_DIGEST_NONE;
    }
    buf_free(&value);
    buf_free(&key);
    return hit;
}

static void cache_user(struct cache *cache, long ttl, const char *username, const struct stored_user *user)
{
    char value[AUTH_HEX_MAX + 2];
    struct buf key;
    int n = snprintf(value, sizeof value, "%s %d", user->token, user->get_only ? 1 : 0);

    if (user_key(&key, username))
        cache_put(cache, key.data, CACHE_TYPE, value, (size_t)n, (unsigned)ttl);
    buf_free(&key);
}

void auth_forget(struct cache *cache, const char *username)
{
    struct buf key;

    if (user_key(&key, username))
        cache_delete(cache, key.data);
    buf_free(&key);
}

/* {"query":{"term":{"peerName":name}},"size":2,...}: two hits are enough to see a duplicate. */
static cJSON *user_query(const char *username)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *source = cJSON_AddArrayToObject(body, "_source");

    cJSON_AddItemToObject(body, "query", esq_term("peerName", username));
    cJSON_AddNumberToObject(body, "size", 2);
    cJSON_AddItemToArray(source, cJSON_CreateStringReference("token"));
    cJSON_AddItemToArray(source, cJSON_CreateStringReference("getOnly"));
    return body;
}

/* Reads the one user document of username from a search reply. */
static peba_err read_user(const cJSON *reply, struct stored_user *out)
{
    const cJSON *hits =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(reply, "hits"), "hits");
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(hits, 0), "_source");
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(source, "token");
    int n = cJSON_GetArraySize(hits);

    if (!cJSON_IsArray(hits))
        return peba_fail(PEBA_E_BACKEND, "users index reply has no hits");
    if (n == 0)
        return peba_fail(PEBA_E_FORBIDDEN, "unknown user");
    if (n > 1)
        return peba_fail(PEBA_E_FORBIDDEN, "more than one user document with this name");
    if (!cJSON_IsString(token) || auth_digest_form(token->valuestring) == AUTH_DIGEST_NONE)
        return peba_fail(PEBA_E_FORBIDDEN, "stored token is not a lowercase hex SHA-512 or MD5 digest");
    snprintf(out->token, sizeof out->token, "%s", token->valuestring);
    out->get_only = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(source, "getOnly"));
    return PEBA_OK;
}

static peba_err lookup_user(struct es_client *es, const struct peba_config *cfg, const char *username,
                            struct stored_user *out)
{
    char path[512];
    cJSON *query = user_query(username), *reply = NULL;
    peba_err err;

    /* ignore_unavailable: no users index yet means no users, not an engine failure */
    snprintf(path, sizeof path, "/%s/_search?ignore_unavailable=true", cfg->user_index);
    err = query ? es_json(es, "POST", path, query, &reply) : PEBA_E_NOMEM;
    if (err == PEBA_OK)
        err = read_user(reply, out);
    cJSON_Delete(query);
    cJSON_Delete(reply);
    return err;
}

peba_err auth_verify(struct es_client *es, struct cache *cache, const struct peba_config *cfg,
                     const char *username, const char *token, struct auth_user *user)
{
    bool use_cache = cache && cfg->user_cache_ttl > 0;
    struct stored_user stored;
    peba_err err;

    memset(user, 0, sizeof *user);
    if (!username || !token)
        return peba_fail(PEBA_E_FORBIDDEN, "no %s in the envelope", username ? "token" : "username");
    if (!*username || !*token)
        return peba_fail(PEBA_E_FORBIDDEN, "empty %s", *username ? "token" : "username");
    if (strlen(username) > AUTH_NAME_MAX)
        return peba_fail(PEBA_E_FORBIDDEN, "username longer than %d bytes", AUTH_NAME_MAX);
    if (is_community(cfg, username, token)) {
        user->community = true;
        return PEBA_OK;
    }
    if (use_cache && cached_user(cache, username, &stored) && auth_secret_matches(stored.token, token)) {
        user->get_only = stored.get_only;
        return PEBA_OK;
    }
    if ((err = lookup_user(es, cfg, username, &stored)) != PEBA_OK)
        return err;
    if (!auth_secret_matches(stored.token, token))
        return peba_fail(PEBA_E_FORBIDDEN, "wrong token");
    user->get_only = stored.get_only;
    if (use_cache)
        cache_user(cache, cfg->user_cache_ttl, username, &stored);
    return PEBA_OK;
}
