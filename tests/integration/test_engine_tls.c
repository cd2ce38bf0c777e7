/*
 * test_engine_tls.c: the engine behind TLS and a login (stack/engine-tls: nginx with its own CA,
 * basic authentication, an API key). The API key works; a wrong CA, password or key gives a clear
 * reason in the 503, in `pebactl health` and in the workers' log, and no output ever shows a
 * secret. The feed and ingest tests run through the basic-auth workers as well (tests/CMakeLists.txt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A value of the env file stack/engine-tls wrote (BASIC_URL, PASSWORD, ...). */
static void tls_value(const char *key, char *out, size_t size)
{
    char env[1024];

    harness_rundir_path("engine-tls/env", env, sizeof env);
    ck_assert_msg(harness_file_value(env, key, out, size), "no %s in %s", key, env);
}

static void tls_config(const char *name, char *out, size_t size)
{
    char file[256];

    snprintf(file, sizeof file, "engine-tls/%s", name);
    harness_rundir_path(file, out, size);
}

/* Fails when text shows any of the secrets, the right ones or the wrong ones. */
static void expect_no_secret(const char *what, const char *text)
{
    static const char *const secrets[] = {"PASSWORD", "WRONG_PASSWORD", "API_KEY", "WRONG_KEY"};

    for (size_t i = 0; i < ARRAY_LEN(secrets); i++) {
        char value[256];

        tls_value(secrets[i], value, sizeof value);
        ck_assert_msg(!strstr(text, value), "%s shows the %s: %s", what, secrets[i], text);
    }
}

/* `pebactl --config <config> health`: its exit status, its output and errors checked for secrets. */
static int health(const char *config, char **out)
{
    char path[1024];
    int rc;

    tls_config(config, path, sizeof path);
    rc = harness_capture(out, "'%s' --config '%s' health", getenv("PEBACTL"), path);
    fprintf(stderr, "pebactl health with %s -> %d:\n%s", config, rc, *out);
    expect_no_secret("pebactl health", *out);
    return rc;
}

/* Starts variant name with the configuration stack/engine-tls wrote as file; its HTTP_URL to base. */
static void variant_with(const char *name, const char *file, char *base, size_t size)
{
    char config[1024], settings[1200];

    tls_config(file, config, sizeof config);
    snprintf(settings, sizeof settings, "CONFIG='%s'", config);
    harness_variant_up(name, settings);
    harness_variant_env(name, "HTTP_URL", base, size);
}

/* GET path from the variant at base with a cold cache; the status, the body checked for secrets. */
static long get(const char *base, const char *path, struct http_reply *r)
{
    harness_flush_cache();
    http_request("GET", base, path, NULL, NULL, 0, r);
    fprintf(stderr, "GET %s -> %ld %s\n", path, r->status, r->body);
    expect_no_secret(path, r->body);
    return r->status;
}

START_TEST(the_api_key_reaches_the_engine)
{
    char base[256], *out;
    struct http_reply r;

    ck_assert_int_eq(health("peba-api-key.ini", &out), 0);
    ck_assert_msg(strstr(out, "cluster") && strstr(out, "status"), "%s", out);
    free(out);
    variant_with("tls-key", "peba-api-key.ini", base, sizeof base);
    ck_assert_int_eq(get(base, "/alert/retrieveAlertsCount?time=10&out=json", &r), 200);
    http_reply_free(&r);
    ck_assert_int_eq(get(base, "/heartbeat", &r), 200);
    http_reply_free(&r);
    harness_variant_down("tls-key");
}
END_TEST

/* A broken configuration and the words its failure must be explained with. */
struct broken {
    const char *config;
    const char *reason;
};

static const struct broken broken[] = {
    {"peba-wrong-ca.ini", "SSL certificate problem"},
    {"peba-wrong-password.ini", "search engine refused the credentials (401"},
    {"peba-wrong-key.ini", "search engine refused the credentials (401"},
};

START_TEST(a_wrong_ca_password_or_key_is_explained_without_the_secret)
{
    const struct broken *b = &broken[_i];
    char base[256], log_path[1024], *out, *log;
    struct http_reply r;

    ck_assert_int_eq(health(b->config, &out), 1);
    ck_assert_msg(strstr(out, b->reason), "pebactl health with %s does not say '%s':\n%s", b->config,
                  b->reason, out);
    free(out);

    variant_with("tls-broken", b->config, base, sizeof base);
    ck_assert_int_eq(get(base, "/alert/retrieveAlertsCount?time=10&out=json", &r), 503);
    ck_assert_msg(strstr(r.body, b->reason), "the 503 does not say '%s': %s", b->reason, r.body);
    http_reply_free(&r);
    ck_assert_int_eq(get(base, "/heartbeat", &r), 503);
    http_reply_free(&r);
    harness_variant_down("tls-broken");

    harness_variant_file("tls-broken", "workers.log", log_path, sizeof log_path);
    log = harness_read_file(log_path);
    ck_assert_msg(strstr(log, b->reason), "%s does not say '%s':\n%s", log_path, b->reason, log);
    expect_no_secret(log_path, log);
    free(log);
}
END_TEST

/* Whatever a failed test left running. */
static void variants_down(void)
{
    harness_variant_down("tls-key");
    harness_variant_down("tls-broken");
}

int main(void)
{
    Suite *s = suite_create("engine_tls");
    TCase *api_key = HARNESS_CASE(s, "api_key", NULL, the_api_key_reaches_the_engine);
    TCase *wrong = harness_case(s, "wrong", NULL, NULL, 0);

    tcase_add_loop_test(wrong, a_wrong_ca_password_or_key_is_explained_without_the_secret, 0,
                        (int)ARRAY_LEN(broken));
    tcase_add_unchecked_fixture(api_key, NULL, variants_down);
    tcase_add_unchecked_fixture(wrong, NULL, variants_down);
    return harness_run(s);
}
