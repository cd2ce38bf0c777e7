/* progress.c: the progress line of long admin work, drawn in place on a terminal and nowhere else. */
#include "progress.h"

#include <stdarg.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.2

static struct progress *on_screen; /* the progress whose line is shown, for progress_clear */

static double since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

void progress_start(struct progress *p, FILE *out, const char *label, const char *unit)
{
    p->out = out && isatty(fileno(out)) ? out : NULL;
    p->label = label;
    p->unit = unit;
    p->shown = false;
    clock_gettime(CLOCK_MONOTONIC, &p->started);
    p->drawn = p->started;
}

/* printf at the end of the line; what does not fit is cut off. */
static void __attribute__((format(printf, 3, 4)))
add(char out[PROGRESS_LINE_MAX], size_t *used, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (*used >= PROGRESS_LINE_MAX - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(out + *used, PROGRESS_LINE_MAX - *used, fmt, ap);
    va_end(ap);
    if (n > 0)
        *used += (size_t)n;
}

void progress_format(char out[PROGRESS_LINE_MAX], const char *label, const char *unit, size_t count,
                     double seconds, double fraction)
{
    size_t used = 0;
    long left;

    out[0] = '\0';
    add(out, &used, "%s: %zu %s", label, count, unit);
    /* a rate or an estimate from the first moments would only jump around */
    if (seconds >= 1)
        add(out, &used, ", %.0f/s", (double)count / seconds);
    if (fraction <= 0 || fraction > 1)
        return;
    add(out, &used, ", %.0f %%", fraction * 100);
    if (seconds < 1)
        return;
    left = (long)(seconds * (1 - fraction) / fraction + 0.5);
    if (left >= 3600)
        add(out, &used, ", %ld:%02ld:%02ld left", left / 3600, left / 60 % 60, left % 60);
    else
        add(out, &used, ", %ld:%02ld left", left / 60, left % 60);
}

void progress_update(struct progress *p, size_t count, double fraction)
{
    char line[PROGRESS_LINE_MAX];

    if (!p->out || (p->shown && since(&p->drawn) < REDRAW_SECONDS))
        return;
    progress_format(line, p->label, p->unit, count, since(&p->started), fraction);
    /* \r and "erase to the end of the line": the new line covers the old one */
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
    clock_gettime(CLOCK_MONOTONIC, &p->drawn);
    p->shown = true;
    on_screen = p;
}

void progress_end(struct progress *p)
{
    if (p->out && p->shown) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
    p->shown = false;
    if (on_screen == p)
        on_screen = NULL;
}

void progress_clear(void)
{
    if (on_screen)
        progress_end(on_screen);
}
