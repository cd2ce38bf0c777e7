/* worker.h: one FastCGI worker process: set-up, the accept loop, graceful stop and config reload. */
#ifndef PEBA_WORKER_H
#define PEBA_WORKER_H

/*
 * Serves FastCGI requests accepted on listen_fd until SIGTERM (the request
 * in flight finishes first). SIGHUP re-reads config_path between requests.
 * Returns the process exit status.
 */
int worker_run(int listen_fd, const char *config_path);

#endif
