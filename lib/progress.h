/*
 * progress.h: a progress line for long admin work (pebactl load, demo): the
 * count so far, the rate and the time left, redrawn in place a few times a
 * second on a terminal. Where stderr is no terminal (a pipe, a log file,
 * cron) nothing is written at all.
 */
#ifndef PEBA_PROGRESS_H
#define PEBA_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#define PROGRESS_LINE_MAX 160

struct progress {
    FILE *out;                      /* the terminal, or NULL: draw nothing */
    const char *label;              /* "pebactl load" */
    const char *unit;               /* "documents" */
    struct timespec started, drawn; /* when the work began, when the line was drawn last */
    bool shown;                     /* a line is on the screen */
};

/* Starts the clock; out is drawn on only when it is a terminal (pass stderr). */
void progress_start(struct progress *p, FILE *out, const char *label, const char *unit);
/*
 * count units are done; fraction (0..1) is the share of the whole work, or
 * negative when unknown (then no time left is shown). Redraws at most five
 * times a second.
 */
void progress_update(struct progress *p, size_t count, double fraction);
/* Clears the line, so what the command prints next starts on a clean line. */
void progress_end(struct progress *p);
/* Clears whichever progress line is on the screen, before a message; the next update draws it again. */
void progress_clear(void);

/*
 * The line itself, for seconds elapsed: "LABEL: 12345 UNIT, 8210/s, 45 %, 0:12 left"
 * (rate once a second has passed, share and time left when fraction is known).
 */
void progress_format(char out[PROGRESS_LINE_MAX], const char *label, const char *unit, size_t count,
                     double seconds, double fraction);

#endif
