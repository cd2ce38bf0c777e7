/* error.h: the one error convention of peba: a code (with its HTTP status) plus a one-line reason. */
#ifndef PEBA_ERROR_H
#define PEBA_ERROR_H

/* X(code, http status, default reason) */
#define PEBA_ERRORS(X)                                   \
    X(PEBA_OK, 200, "ok")                                \
    X(PEBA_E_BAD_REQUEST, 400, "bad request")            \
    X(PEBA_E_FORBIDDEN, 403, "forbidden")                \
    X(PEBA_E_NOT_FOUND, 404, "not found")                \
    X(PEBA_E_METHOD, 405, "method not allowed")          \
    X(PEBA_E_TOO_LARGE, 413, "request body too large")   \
    X(PEBA_E_URI_TOO_LONG, 414, "query string too long") \
    X(PEBA_E_BACKEND, 503, "search engine unavailable")  \
    X(PEBA_E_NOMEM, 503, "out of memory")                \
    X(PEBA_E_CONFIG, 500, "configuration error")         \
    X(PEBA_E_IO, 503, "input/output error")

typedef enum {
#define PEBA_ERR_ENUM(code, status, text) code,
    PEBA_ERRORS(PEBA_ERR_ENUM)
#undef PEBA_ERR_ENUM
} peba_err;

/* HTTP status that answers this code. */
int peba_err_status(peba_err err);
/* Fixed reason phrase of the code ("bad request"). */
const char *peba_err_name(peba_err err);

/*
 * Records a one-line reason for the failure and returns err, so a failing
 * function ends with `return peba_fail(PEBA_E_BAD_REQUEST, "time: ...")`.
 * Workers are single-threaded; the reason lives until the next call.
 */
peba_err peba_fail(peba_err err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The reason recorded by the last peba_fail(), or the code's name when none was given. */
const char *peba_reason(peba_err err);
/* Forgets the recorded reason (called at the start of each request). */
void peba_clear_reason(void);

#endif
