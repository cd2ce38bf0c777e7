/*
 * test_admin_progress.c: pebactl load and pebactl demo show their progress (count, rate, share,
 * time left) on a terminal, redrawn in place, and print nothing but their result where their
 * output is no terminal (a pipe here; cron and systemd timers alike).
 */
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "harness.h"

#define DOCUMENTS 30000
#define DEMO_ALERTS 3000

/* RUNDIR/progress.ndjson: DOCUMENTS alerts of the last minute. */
static void write_documents(char *path, size_t size)
{
    time_t now = time(NULL);
    FILE *f;

    snprintf(path, size, "%s/progress.ndjson", harness_env("RUNDIR"));
    f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    for (int i = 0; i < DOCUMENTS; i++) {
        char ip[32], *doc;
        struct alert a = {.age = 60, .source_ip = ip};

        snprintf(ip, sizeof ip, "45.%d.%d.%d", 1 + i / 65536, i / 256 % 256, i % 256);
        doc = alert_doc(now, &a);
        fprintf(f, "%s\n", doc);
        free(doc);
    }
    ck_assert_int_eq(fclose(f), 0);
}

/* Runs `pebactl --config CONFIG args...` on a new terminal; returns everything it wrote there (free()). */
static char *on_a_terminal(const char *const *args)
{
    const char *argv[16] = {getenv("PEBACTL"), "--config", harness_env("CONFIG")};
    struct termios raw;
    struct buf out;
    char chunk[4096];
    int master, status, n = 3;
    ssize_t got;
    pid_t pid;

    for (; *args && n < 15; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    cfmakeraw(&raw); /* the bytes as written, no \n to \r\n */
    pid = forkpty(&master, NULL, &raw, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    buf_init(&out, 0);
    /* EIO once the program has ended and closed the terminal */
    while ((got = read(master, chunk, sizeof chunk)) > 0)
        buf_append(&out, chunk, (size_t)got);
    close(master);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    buf_putc(&out, '\0');
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "pebactl %s: status %d\n%s", argv[3], status,
                  out.data);
    return out.data;
}

START_TEST(load_shows_its_progress_on_a_terminal_only)
{
    const char *args[] = {"load", NULL, NULL};
    char path[4096], want[64], *out;

    write_documents(path, sizeof path);
    args[1] = path;
    out = on_a_terminal(args);
    {
        size_t redraws = 0;

        for (const char *p = out; (p = strchr(p, '\r')); p++)
            redraws++;
        fprintf(stderr, "pebactl load on a terminal: the line drawn %zu times\n", redraws - 1);
    }
    ck_assert_msg(strstr(out, "\rpebactl load: ") && strstr(out, " documents") && strstr(out, " %\033[K"),
                  "no progress line in %.300s", out);
    /* the line is cleared before the result */
    snprintf(want, sizeof want, "\r\033[Kindexed %d, rejected 0\n", DOCUMENTS);
    ck_assert_msg(strstr(out, want), "%s", out + (strlen(out) > 200 ? strlen(out) - 200 : 0));
    free(out);
    /* the same load into a pipe: the result and nothing else */
    ck_assert_int_eq(
        harness_capture(&out, "'%s' --config '%s' load '%s'", getenv("PEBACTL"), harness_env("CONFIG"), path),
        0);
    snprintf(want, sizeof want, "indexed %d, rejected 0\n", DOCUMENTS);
    ck_assert_str_eq(out, want);
    free(out);
}
END_TEST

START_TEST(demo_shows_its_progress_on_a_terminal)
{
    char alerts[16], *out;
    const char *args[] = {"demo", "--alerts", alerts, "--days", "1", "--url", harness_env("HTTP_URL"), NULL};

    snprintf(alerts, sizeof alerts, "%d", DEMO_ALERTS);
    out = on_a_terminal(args);
    ck_assert_msg(strstr(out, "\rpebactl demo: ") && strstr(out, " alerts, ") &&
                      strstr(out, "\r\033[Khistory: "),
                  "%.600s", out);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("admin_progress");

    HARNESS_CASE(s, "progress", NULL, load_shows_its_progress_on_a_terminal_only,
                 demo_shows_its_progress_on_a_terminal);
    return harness_run(s);
}
