/* test_progress.c: unit tests of lib/progress.c: the line's text, and silence where stderr is no terminal. */
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include "array_len.h"
#include "progress.h"
#include "unit.h"

START_TEST(the_line_shows_count_rate_share_and_time_left)
{
    static const struct {
        size_t count;
        double seconds, fraction;
        const char *want;
    } cases[] = {
        {0, 0.0, -1, "pebactl load: 0 documents"},
        {1234, 0.5, -1, "pebactl load: 1234 documents"},           /* no rate in the first second */
        {20000, 2.5, -1, "pebactl load: 20000 documents, 8000/s"}, /* stdin: the end is unknown */
        {500, 0.4, 0.05, "pebactl load: 500 documents, 5 %"},
        {45000, 9.0, 0.45, "pebactl load: 45000 documents, 5000/s, 45 %, 0:11 left"},
        {100000, 20.0, 1.0, "pebactl load: 100000 documents, 5000/s, 100 %, 0:00 left"},
        {10, 3600.0, 0.25, "pebactl load: 10 documents, 0/s, 25 %, 3:00:00 left"},
    };
    char line[PROGRESS_LINE_MAX];

    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        progress_format(line, "pebactl load", "documents", cases[i].count, cases[i].seconds,
                        cases[i].fraction);
        ck_assert_str_eq(line, cases[i].want);
    }
}
END_TEST

START_TEST(nothing_is_written_where_stderr_is_no_terminal)
{
    FILE *file = tmpfile();
    struct progress p;

    ck_assert_ptr_nonnull(file);
    progress_start(&p, file, "pebactl demo", "alerts");
    progress_update(&p, 10, 0.5);
    progress_end(&p);
    ck_assert_int_eq(ftell(file), 0);
    fclose(file);
}
END_TEST

START_TEST(a_terminal_sees_the_line_redrawn_in_place_and_cleared)
{
    int master, slave;
    struct termios raw;
    struct progress p;
    FILE *tty;
    char got[256];
    ssize_t n;

    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    cfmakeraw(&raw); /* bytes as written: no \n to \r\n */
    tcsetattr(slave, TCSANOW, &raw);
    tty = fdopen(slave, "w");
    progress_start(&p, tty, "pebactl demo", "alerts");
    progress_update(&p, 10, 0.5);
    progress_update(&p, 11, 0.55); /* within a fifth of a second: not drawn */
    progress_end(&p);
    fclose(tty);
    n = read(master, got, sizeof got - 1);
    ck_assert_int_gt(n, 0);
    got[n] = '\0';
    ck_assert_str_eq(got, "\rpebactl demo: 10 alerts, 50 %\033[K\r\033[K");
    close(master);
}
END_TEST

START_TEST(a_long_label_is_cut_not_overflowed)
{
    char label[400], line[PROGRESS_LINE_MAX + 8];

    memset(label, 'x', sizeof label - 1);
    label[sizeof label - 1] = '\0';
    memset(line, '#', sizeof line);
    progress_format(line, label, "documents", 99, 5.0, 0.5);
    ck_assert_uint_eq(strlen(line), PROGRESS_LINE_MAX - 1);
    ck_assert_int_eq(line[PROGRESS_LINE_MAX], '#');
}
END_TEST

int main(void)
{
    Suite *s = suite_create("progress");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, the_line_shows_count_rate_share_and_time_left);
    tcase_add_test(core, nothing_is_written_where_stderr_is_no_terminal);
    tcase_add_test(core, a_terminal_sees_the_line_redrawn_in_place_and_cleared);
    tcase_add_test(limits, a_long_label_is_cut_not_overflowed);
    return unit_run(s);
}
