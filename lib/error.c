/* error.c: status codes, names and the last recorded reason of peba errors. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
    int status;
    const char *name;
} error_table[] = {
#define PEBA_ERR_ROW(code, status, text) [code] = {status, text},
    PEBA_ERRORS(PEBA_ERR_ROW)
#undef PEBA_ERR_ROW
};

static char last_reason[256];

int peba_err_status(peba_err err)
{
    return error_table[err].status;
}

const char *peba_err_name(peba_err err)
{
    return error_table[err].name;
}

peba_err peba_fail(peba_err err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(last_reason, sizeof last_reason, fmt, ap);
    va_end(ap);
    return err;
}

const char *peba_reason(peba_err err)
{
    return last_reason[0] ? last_reason : peba_err_name(err);
}

void peba_clear_reason(void)
{
    last_reason[0] = '\0';
}
