/*
 * test_contract.c: docs/openapi.yaml is valid OpenAPI 3.0 (openapi-spec-validator) and holds for the
 * running stack: schemathesis sends what the contract allows and forbids to every operation and must
 * find no server error and no status, content type, header or body that the contract does not
 * describe (checks and bounds: tests/integration/contract.toml). Both tools live in the project's
 * virtualenv, made by stack/install-deps.
 */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "timeutil.h"

/* The registered user of the spec's request-body examples (components/requestBodies/Envelope). */
#define CONTRACT_USER "contract-user"
#define CONTRACT_TOKEN "contract-s3cret-token"
#define RUN_MAX_S 170.0 /* contract.toml's bounds keep a run near 45 s on 2 cores */
#define HOUR 3600L

extern char **environ;

/* Answers with data in them, so the response schemas see filled lists and maps, not only empty ones. */
static void load_contract_data(void)
{
    char line[128], stamp[UTC_STAMP_LEN], to[UTC_STAMP_LEN], doc[256];
    time_t hour = time(NULL) / HOUR * HOUR;

    LOAD_ALERTS(
        {.age = 30, .request = "/wp-login.php?x=<1>"},
        {.age = 90,
         .peer_type = "SSH/console(cowrie)",
         .username = "root",
         .password = "1234",
         .country = "CN",
         .country_name = "China",
         .location = "34.7725 , 113.7266",
         .source_ip = "45.67.89.10"},
        {.age = 400, .peer_type = "Network(honeytrap)", .target_port = "445", .source_ip = "2a00:1450::1"},
        {.age = 2 * HOUR, .private_domain = true, .source_ip = "185.10.20.30"},
        {.age = 30 * HOUR, .peer_type = "Passwords(heralding)", .location = "0.0 , 0.0"});
    snprintf(line, sizeof line, "%s\n", CONTRACT_TOKEN);
    ck_assert_msg(run_pebactl(line, "user add %s", CONTRACT_USER) == 0, "pebactl user add: %s",
                  pebactl_output());
    /* one getStats row inside the default window (the last 24 hours) */
    utc_format(hour - 2 * HOUR, stamp);
    utc_format(hour - HOUR, to);
    snprintf(doc, sizeof doc,
             "{\"UTCtimeFrom\":\"%s\",\"UTCtimeTo\":\"%s\",\"comm_totalRatio\":2.0,"
             "\"comm_ratio_Webpage\":0.5}",
             stamp, to);
    es_put_doc(harness_config()->statistic_index, "contract", doc);
}

/* $PEBA_VENV/bin/<tool>, by default in ~/.cache/peba-venv (stack/install-deps). */
static void venv_tool(const char *tool, char *out, size_t size)
{
    const char *venv = getenv("PEBA_VENV");
    const char *home = getenv("HOME");

    if (venv && *venv)
        snprintf(out, size, "%s/bin/%s", venv, tool);
    else
        snprintf(out, size, "%s/.cache/peba-venv/bin/%s", home ? home : "", tool);
    ck_assert_msg(access(out, X_OK) == 0, "%s is missing: run stack/install-deps", out);
}

struct child {
    pid_t pid;
    int status;
};

static bool child_ended(void *ctx)
{
    struct child *c = ctx;
    pid_t done = waitpid(c->pid, &c->status, WNOHANG);

    ck_assert_msg(done >= 0, "waitpid: %s", strerror(errno));
    return done == c->pid;
}

/* Waits for pid at most max_s seconds (then kills it); returns its wait status. */
static int wait_bounded(pid_t pid, double max_s)
{
    struct child c = {.pid = pid};

    if (!harness_poll_until(max_s, child_ended, &c)) {
        kill(pid, SIGKILL);
        waitpid(pid, &c.status, 0);
        ck_abort_msg("still running after %.0f s; killed", max_s);
    }
    return c.status;
}

/*
 * Runs argv[0] in RUNDIR/contract (schemathesis keeps its example database and replay files in its
 * working directory); its report goes to the test's log through our stdout and stderr. Fails the
 * test unless it exits 0 within max_s seconds.
 */
static void run_tool(char *const argv[], double max_s)
{
    char workdir[4096];
    posix_spawn_file_actions_t actions;
    pid_t pid;
    int rc, status;

    snprintf(workdir, sizeof workdir, "%s/contract", harness_env("RUNDIR"));
    ck_assert_msg(mkdir(workdir, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", workdir, strerror(errno));
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, workdir);
    rc = posix_spawn(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ck_assert_msg(rc == 0, "posix_spawn %s: %s", argv[0], strerror(rc));
    status = wait_bounded(pid, max_s);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s found problems (exit %d; its report is above)", argv[0],
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void spec_path(char *out, size_t size)
{
    snprintf(out, size, "%s/docs/openapi.yaml", getenv("PEBA_SOURCE_DIR"));
}

/* Structurally valid OpenAPI 3.0 (schemathesis reads more than the standard allows). */
START_TEST(the_spec_is_valid_openapi)
{
    char program[4096], spec[4096];
    char *argv[] = {program, spec, NULL};

    venv_tool("openapi-spec-validator", program, sizeof program);
    spec_path(spec, sizeof spec);
    run_tool(argv, 60.0);
}
END_TEST

START_TEST(the_stack_keeps_the_contract)
{
    char program[4096], config[4096], spec[4096];
    char *argv[] = {
        program, "--config-file", config, "run", spec, "--url", (char *)harness_env("HTTP_URL"), "--no-color",
        NULL};

    venv_tool("schemathesis", program, sizeof program);
    snprintf(config, sizeof config, "%s/tests/integration/contract.toml", getenv("PEBA_SOURCE_DIR"));
    spec_path(spec, sizeof spec);
    run_tool(argv, RUN_MAX_S);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("contract");
    TCase *tc = HARNESS_CASE(s, "openapi", load_contract_data, the_spec_is_valid_openapi,
                             the_stack_keeps_the_contract);

    tcase_set_timeout(tc, (double)RUN_MAX_S + 30);
    return harness_run(s);
}
