/* pool.c: prefork master: opens a socket or takes fd 0's, forks workers, replaces the dead, stops cleanly. */
#include "pool.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "route.h"
#include "log.h"
#include "worker.h"

#define MAX_WORKERS 256
#define STOP_GRACE_SECONDS 30
#define YOUNG_SECONDS 1.0 /* a worker that ends this soon after its start may well end again at once */

static volatile sig_atomic_t got_stop, got_hup, got_child;

static void on_signal(int sig)
{
    if (sig == SIGCHLD)
        got_child = 1;
    else if (sig == SIGHUP)
        got_hup = 1;
    else
        got_stop = 1;
}

static int open_socket(const struct pool_options *opt)
{
    const char *spec = opt->listen;
    int fd;

    /* handed over by systemd (StandardInput=socket) or spawn-fcgi, which also remove it */
    if (!spec)
        return 0;
    if (strncmp(spec, "unix:", 5) == 0) {
        spec += 5;
        unlink(spec); /* a stale socket of a previous run */
        fd = FCGX_OpenSocket(spec, opt->backlog);
        if (fd >= 0 && chmod(spec, (mode_t)opt->socket_mode) != 0)
            log_warn("chmod %s: %s", spec, strerror(errno));
    } else {
        fd = FCGX_OpenSocket(spec, opt->backlog);
    }
    if (fd < 0)
        log_error("cannot listen on %s", opt->listen);
    return fd;
}

static pid_t spawn(int fd, const char *config_path, sigset_t *old_mask)
{
    pid_t pid = fork();

    if (pid == 0) {
        /*
         * The master's handlers would swallow a stop that arrives before worker_run installs its
         * own (the new worker would then wait in accept() until killed): until then a stop ends
         * the worker and a reload is moot, it reads the configuration anyway.
         */
        signal(SIGCHLD, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGHUP, SIG_IGN);
        sigprocmask(SIG_SETMASK, old_mask, NULL);
        _exit(worker_run(fd, config_path));
    }
    if (pid < 0) {
        log_error("fork: %s", strerror(errno));
        return 0;
    }
    return pid;
}

static void signal_all(const pid_t *pids, int n, int sig)
{
    for (int i = 0; i < n; i++)
        if (pids[i] > 0)
            kill(pids[i], sig);
}

static double now_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Reaps dead workers; returns how many slots are now empty. With started (each slot's start time),
 * *young tells whether one of them ended within YOUNG_SECONDS of its start.
 */
static int reap(pid_t *pids, int n, const double *started, bool *young)
{
    int status, empty = 0;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < n; i++) {
            if (pids[i] != pid)
                continue;
            pids[i] = 0;
            if (started && now_seconds() - started[i] < YOUNG_SECONDS)
                *young = true;
            if (!got_stop)
                log_warn("worker %d ended (%s %d); replacing it", (int)pid,
                         WIFSIGNALED(status) ? "signal" : "status",
                         WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        }
    }
    for (int i = 0; i < n; i++)
        empty += pids[i] == 0;
    return empty;
}

static void stop_workers(pid_t *pids, int n)
{
    time_t deadline = time(NULL) + STOP_GRACE_SECONDS;

    signal_all(pids, n, SIGTERM);
    while (reap(pids, n, NULL, NULL) < n && time(NULL) < deadline)
        usleep(50000);
    if (reap(pids, n, NULL, NULL) < n) {
        log_warn("workers still busy after %d s; killing them", STOP_GRACE_SECONDS);
        signal_all(pids, n, SIGKILL);
        while (reap(pids, n, NULL, NULL) < n)
            usleep(10000);
    }
}

static void install(sigset_t *old_mask)
{
    struct sigaction sa;
    sigset_t block;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, old_mask);
}

/* A broken file must neither start a pool whose workers all die at once nor take running workers down. */
static bool config_valid(const char *config_path, const char *refusal)
{
    struct peba_config cfg;
    peba_err err = routes_config_load(config_path, &cfg);

    config_free(&cfg);
    if (err != PEBA_OK)
        log_error("%s: %s", refusal, peba_reason(err));
    return err == PEBA_OK;
}

/* SIGHUP: check the file first so a broken edit never takes the workers down. */
static void reload(pid_t *pids, int n, const char *config_path)
{
    got_hup = 0;
    if (!config_valid(config_path, "not reloading"))
        return;
    log_info("reloading configuration in %d workers", n);
    signal_all(pids, n, SIGHUP);
}

int pool_run(const struct pool_options *opt)
{
    pid_t pids[MAX_WORKERS] = {0};
    double started[MAX_WORKERS] = {0};
    int n = opt->workers, fd;
    sigset_t old_mask;
    bool young = false;

    if (!config_valid(opt->config_path, "not starting"))
        return 1;
    install(&old_mask);
    fd = open_socket(opt);
    if (fd < 0)
        return 1;
    log_info("listening on %s with %d workers", opt->listen ? opt->listen : "the socket on fd 0", n);
    while (!got_stop) {
        got_child = 0;
        if (reap(pids, n, started, &young) > 0) {
            /*
             * Workers that die right after their start must not turn into a fork storm; one that
             * served a while (killed, out of memory) is replaced at once.
             */
            if (young)
                sleep(1);
            young = false;
            for (int i = 0; i < n; i++) {
                if (pids[i] == 0) {
                    pids[i] = spawn(fd, opt->config_path, &old_mask);
                    started[i] = now_seconds();
                }
            }
        }
        if (got_hup)
            reload(pids, n, opt->config_path);
        if (!got_stop && !got_child)
            sigsuspend(&old_mask);
    }
    log_info("stopping: letting %d workers finish their requests", n);
    stop_workers(pids, n);
    if (opt->listen && strncmp(opt->listen, "unix:", 5) == 0)
        unlink(opt->listen + 5);
    return 0;
}
