/* test_auth.c: unit tests of the pure parts of lib/auth.c: token forms, digests, constant-time comparisons, early refusals. */
#include "auth.h"
#include "unit.h"

/* the digests of secret `testpass`, as the original's users index stored them for user `test` */
#define TESTPASS_SHA512                                                                                     \
    "78ddc8555bb1677ff5af75ba5fc02cb30bb592b0610277ae15055e189b77fe3fda496e5027a3d99ec85d54941adee1cc174b5" \
    "0438fdc21d82d0a79f85b58cf44"
#define TESTPASS_MD5 "179ad45c6ce2cb97cf1029e212046e81"

START_TEST(stored_token_forms)
{
    ck_assert_int_eq(auth_digest_form(TESTPASS_SHA512), AUTH_DIGEST_SHA512);
    ck_assert_int_eq(auth_digest_form(TESTPASS_MD5), AUTH_DIGEST_MD5);
    ck_assert_int_eq(auth_digest_form(""), AUTH_DIGEST_NONE);
    ck_assert_int_eq(auth_digest_form("179AD45C6CE2CB97CF1029E212046E81"), AUTH_DIGEST_NONE);  /* uppercase */
    ck_assert_int_eq(auth_digest_form("179ad45c6ce2cb97cf1029e212046e8"), AUTH_DIGEST_NONE);   /* 31 */
    ck_assert_int_eq(auth_digest_form("179ad45c6ce2cb97cf1029e212046e81a"), AUTH_DIGEST_NONE); /* 33 */
    ck_assert_int_eq(auth_digest_form("179ad45c6ce2cb97cf1029e212046e8g"), AUTH_DIGEST_NONE);  /* not hex */
    ck_assert_int_eq(auth_digest_form("179ad45c6ce2cb97cf1029e212046e8 "), AUTH_DIGEST_NONE);
    ck_assert_int_eq(auth_digest_form("testpass"), AUTH_DIGEST_NONE); /* a plain-text secret */
}
END_TEST

START_TEST(hex_digests_match_the_spec_example)
{
    char hex[AUTH_HEX_MAX];

    ck_assert(auth_hex_digest(AUTH_DIGEST_SHA512, "testpass", 8, hex));
    ck_assert_str_eq(hex, TESTPASS_SHA512);
    ck_assert(auth_hex_digest(AUTH_DIGEST_MD5, "testpass", 8, hex));
    ck_assert_str_eq(hex, TESTPASS_MD5);
    ck_assert(!auth_hex_digest(AUTH_DIGEST_NONE, "testpass", 8, hex));
}
END_TEST

START_TEST(secrets_match_only_their_digest)
{
    ck_assert(auth_secret_matches(TESTPASS_SHA512, "testpass"));
    ck_assert(auth_secret_matches(TESTPASS_MD5, "testpass"));
    ck_assert(!auth_secret_matches(TESTPASS_SHA512, "testpas"));
    ck_assert(!auth_secret_matches(TESTPASS_SHA512, "testpass "));
    ck_assert(!auth_secret_matches(TESTPASS_MD5, "Testpass"));
    ck_assert(!auth_secret_matches("179AD45C6CE2CB97CF1029E212046E81", "testpass"));
    ck_assert(!auth_secret_matches("testpass", "testpass")); /* a stored plain text never matches */
    ck_assert(!auth_secret_matches("", ""));
}
END_TEST

START_TEST(equal_compares_bytes_of_any_length)
{
    ck_assert(auth_equal("abc", 3, "abc", 3));
    ck_assert(auth_equal("", 0, "", 0));
    ck_assert(!auth_equal("abc", 3, "abd", 3));
    ck_assert(!auth_equal("abc", 3, "abcd", 4));
    ck_assert(!auth_equal("abc", 3, "", 0));
    ck_assert(!auth_equal("a\0b", 3, "a\0c", 3));
}
END_TEST

/* auth_verify with no engine and no cache: every case here must be decided before either is needed. */
static peba_err verify(const char *username, const char *token, struct auth_user *user)
{
    struct peba_config cfg;
    peba_err err;

    ck_assert_int_eq(config_load(NULL, &cfg), PEBA_OK);
    err = auth_verify(NULL, NULL, &cfg, username, token, user);
    config_free(&cfg);
    return err;
}

START_TEST(community_credentials_need_no_lookup)
{
    struct auth_user user = {false, true};

    ck_assert_int_eq(verify("community-01-user", "foth{a5maiCee8fineu7", &user), PEBA_OK);
    ck_assert(user.community);
    ck_assert(!user.get_only);
}
END_TEST

START_TEST(missing_and_empty_credentials_are_refused)
{
    struct auth_user user;

    ck_assert_int_eq(verify(NULL, "t", &user), PEBA_E_FORBIDDEN);
    ck_assert_str_eq(peba_reason(PEBA_E_FORBIDDEN), "no username in the envelope");
    ck_assert_int_eq(verify("u", NULL, &user), PEBA_E_FORBIDDEN);
    ck_assert_str_eq(peba_reason(PEBA_E_FORBIDDEN), "no token in the envelope");
    ck_assert_int_eq(verify("", "t", &user), PEBA_E_FORBIDDEN);
    ck_assert_str_eq(peba_reason(PEBA_E_FORBIDDEN), "empty username");
    ck_assert_int_eq(verify("community-01-user", "", &user), PEBA_E_FORBIDDEN);
    ck_assert_str_eq(peba_reason(PEBA_E_FORBIDDEN), "empty token");
}
END_TEST

START_TEST(an_overlong_username_is_refused_unread)
{
    char name[AUTH_NAME_MAX + 2];
    struct auth_user user;

    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ck_assert_int_eq(verify(name, "t", &user), PEBA_E_FORBIDDEN);
    ck_assert_str_eq(peba_reason(PEBA_E_FORBIDDEN), "username longer than 1024 bytes");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("auth");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, stored_token_forms);
    tcase_add_test(core, hex_digests_match_the_spec_example);
    tcase_add_test(core, secrets_match_only_their_digest);
    tcase_add_test(core, equal_compares_bytes_of_any_length);
    tcase_add_test(core, community_credentials_need_no_lookup);
    tcase_add_test(limits, missing_and_empty_credentials_are_refused);
    tcase_add_test(limits, an_overlong_username_is_refused_unread);
    return unit_run(s);
}
