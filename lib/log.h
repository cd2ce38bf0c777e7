/* log.h: one-line log messages on stderr (nginx/spawn-fcgi put them in the error log). */
#ifndef PEBA_LOG_H
#define PEBA_LOG_H

#include <stddef.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Copies a bounded, printable sample of untrusted text into out: the head
 * and tail of long input, non-printable bytes as '.', for logging hostile input.
 */
void log_sample(char *out, size_t out_size, const char *text, size_t len);

#endif
