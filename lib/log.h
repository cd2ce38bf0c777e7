/* log.h: one-line log messages on stderr (nginx/spawn-fcgi put them in the error log). */
#ifndef PEBA_LOG_H
#define PEBA_LOG_H

#include <stdbool.h>
#include <stddef.h>

#define LOG_ID_MAX 64

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Names the request in flight (nginx's $request_id) in every line logged until
 * the next call; NULL: lines name none. id is copied; it must pass log_id_valid.
 */
void log_set_request_id(const char *id);
/* An id fit for log lines and HTTP headers: 1 to LOG_ID_MAX letters, digits, '.', '_' or '-'. */
bool log_id_valid(const char *id);

/*
 * Copies a bounded, printable sample of untrusted text into out: the head
 * and tail of long input, non-printable bytes as '.', for logging hostile input.
 */
void log_sample(char *out, size_t out_size, const char *text, size_t len);

#endif
