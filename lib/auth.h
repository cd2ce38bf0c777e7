/*
 * auth.h: who sent an envelope. The configured community credentials are
 * recognised by constant-time comparison; everyone else is looked up in the
 * users index by exact peerName (a term query on a keyword field), and the
 * secret's SHA-512 (128 hex) or MD5 (32 hex) digest is compared with the
 * stored token in constant time. A verified user's stored digest (and
 * getOnly flag) is cached in memcached under "user:<name>" for
 * user_cache_ttl seconds; a cached digest that does not match is not a
 * refusal but a reason to ask the engine again, so a new token works at once.
 */
#ifndef PEBA_AUTH_H
#define PEBA_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "cache.h"
#include "config.h"
#include "error.h"
#include "es_client.h"

/* Longest username looked up; longer ones are refused without asking the engine. */
#define AUTH_NAME_MAX 1024
/* Room for a hex digest: SHA-512 is 128 characters, plus the NUL. */
#define AUTH_HEX_MAX 129

struct auth_user {
    bool community; /* the shared community credentials */
    bool get_only;  /* the user document's getOnly flag: may read, may not submit */
};

/*
 * PEBA_OK with *user filled; PEBA_E_FORBIDDEN for absent, empty or too long
 * credentials, unknown users, a name held by several user documents, a stored
 * token that is not lowercase hex SHA-512/MD5, or a wrong token;
 * PEBA_E_BACKEND when the users index cannot be read (a missing users index
 * means "no users"). The recorded reason (peba_reason) says which, for the
 * log: it names neither the user nor the token, and is not meant for the
 * client, who should only learn that authentication failed.
 */
peba_err auth_verify(struct es_client *es, struct cache *cache, const struct peba_config *cfg,
                     const char *username, const char *token, struct auth_user *user);

/* Drops the cached digest of username, so a deleted user or a new token takes effect at once. cache may be NULL. */
void auth_forget(struct cache *cache, const char *username);

/* ---- the pure pieces, exposed for pebactl and the unit tests ---- */

enum auth_digest { AUTH_DIGEST_NONE, AUTH_DIGEST_MD5, AUTH_DIGEST_SHA512 };

/* SHA512 for 128 lowercase hex characters, MD5 for 32, NONE for anything else. */
enum auth_digest auth_digest_form(const char *stored);
/* Writes the lowercase hex digest of secret (len bytes) in form (MD5 or SHA512) to out; false on failure. */
bool auth_hex_digest(enum auth_digest form, const char *secret, size_t len, char out[AUTH_HEX_MAX]);
/* True when stored is a well-formed digest of secret; the comparison takes the same time wherever they differ. */
bool auth_secret_matches(const char *stored, const char *secret);
/*
 * Equality of two byte strings of any lengths in constant time: both are
 * hashed (SHA-256) and the digests compared with CRYPTO_memcmp, so neither
 * the position of a difference nor a length difference shows in the timing.
 */
bool auth_equal(const void *a, size_t alen, const void *b, size_t blen);

#endif
