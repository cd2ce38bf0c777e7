/*
 * test_man_pages.c: the manual pages of man/ against the program: peba.ini(5)
 * gives every key of the configuration's key table and of the route table's
 * per-route sections with its default and range, and no other key;
 * pebactl(8) and peba-fcgi(8) describe every command and option their --help
 * lists; mandoc -Tlint finds nothing in any of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "config.h"
#include "route.h"
#include "unit.h"

#define LINE_MAX_LEN 1024

static const char *const pages[] = {"peba.ini.5", "peba-fcgi.8", "pebactl.8"};

/* The whole standard output of a shell command (free()). */
static char *run(const char *command)
{
    struct buf out;

    unit_command(command, &out);
    return out.data;
}

/* The page's source (free()). */
static char *page_text(const char *page)
{
    char command[512];

    snprintf(command, sizeof command, "cat '%s/%s'", MAN_DIR, page);
    return run(command);
}

/* The line after the first line of text that begins with prefix (a space or the end after it), or NULL. */
static const char *line_after(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);

    for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        if (strncmp(line, prefix, n) == 0 && (line[n] == ' ' || line[n] == '\n' || !line[n]))
            return strchr(line, '\n') ? strchr(line, '\n') + 1 : "";
    return NULL;
}

/* Copies the line at p (without its newline) into out. */
static void copy_line(const char *p, char out[LINE_MAX_LEN])
{
    size_t n = strcspn(p, "\n");

    snprintf(out, LINE_MAX_LEN, "%.*s", (int)(n < LINE_MAX_LEN ? n : LINE_MAX_LEN - 1), p);
}

/* The "Default:" line of key in section, as peba.ini.5 has it ("" when the key is not there). */
static void documented_default(const char *text, const char *section, const char *key, char out[LINE_MAX_LEN])
{
    char heading[128], item[128];
    const char *body, *end, *line;

    out[0] = '\0';
    snprintf(heading, sizeof heading, ".Ss Bq %s", section);
    if (!(body = line_after(text, heading)))
        return;
    end = strstr(body, "\n.Ss ");
    snprintf(item, sizeof item, ".It Cm %s", key);
    line = line_after(body, item);
    if (line && (!end || line < end))
        copy_line(line, out);
}

/* The "Default:" line the key table gives a row. */
static void expected_default(const struct config_key *k, char out[LINE_MAX_LEN])
{
    if (k->type == KEY_INT)
        snprintf(out, LINE_MAX_LEN, "Default: %s (%ld to %ld).", k->def, k->min, k->max);
    else if (k->type == KEY_INT_OR_AUTO)
        snprintf(out, LINE_MAX_LEN, "Default: %s (auto, or %ld to %ld).", k->def, k->min, k->max);
    else if (k->type == KEY_BOOL)
        snprintf(out, LINE_MAX_LEN, "Default: %s.", k->def);
    else if (!k->def[0])
        snprintf(out, LINE_MAX_LEN, "Default: empty.");
    else
        snprintf(out, LINE_MAX_LEN, "Default: \"%s\".", k->def);
}

/* How many ".It Cm" items the page's subsections hold: each must be a key checked above. */
static size_t documented_keys(const char *text)
{
    const char *first = strstr(text, "\n.Ss "), *end = strstr(text, "\n.Sh FILES");
    size_t n = 0;

    ck_assert(first && end);
    for (const char *p = first; (p = strstr(p, "\n.It Cm ")) && p < end; p++)
        n++;
    return n;
}

/* Whether a route before the i-th has the same name and takes setting s: one key sets both. */
static bool named_before(size_t i, int s)
{
    for (size_t j = 0; j < i; j++)
        if (route_at(j)->defaults[s] && strcmp(route_name(route_at(j)), route_name(route_at(i))) == 0)
            return true;
    return false;
}

START_TEST(peba_ini_gives_every_key_with_its_default_and_range)
{
    char *text = page_text("peba.ini.5");
    char got[LINE_MAX_LEN], want[LINE_MAX_LEN];
    size_t keys = 0;
    const struct config_key *k;
    const struct route *route;
    static const struct {
        long min, max;
    } bounds[] = {
#define SETTING_BOUNDS(id, section, min, max) [id] = {min, max},
        PEBA_ROUTE_SETTINGS(SETTING_BOUNDS)
#undef SETTING_BOUNDS
    };

    for (size_t i = 0; (k = config_key_at(i)); i++, keys++) {
        documented_default(text, k->section, k->key, got);
        expected_default(k, want);
        ck_assert_msg(strcmp(got, want) == 0, "[%s] %s: peba.ini.5 has '%s', the key table says '%s'",
                      k->section, k->key, got, want);
    }
    for (size_t i = 0; (route = route_at(i)); i++) {
        for (int s = 0; s < ROUTE_SETTING_COUNT; s++) {
            if (!route->defaults[s] || named_before(i, s))
                continue;
            documented_default(text, config_route_section(s), route_name(route), got);
            snprintf(want, sizeof want, "Default: %ld (%ld to %ld).", route->defaults[s], bounds[s].min,
                     bounds[s].max);
            ck_assert_msg(strcmp(got, want) == 0, "[%s] %s: peba.ini.5 has '%s', the route table says '%s'",
                          config_route_section(s), route_name(route), got, want);
            keys++;
        }
    }
    ck_assert_msg(documented_keys(text) == keys, "peba.ini.5 describes %zu keys, the program knows %zu",
                  documented_keys(text), keys);
    free(text);
}
END_TEST

/* Every "--option" word of text (a --help output) is described in the page as "Fl -option". */
static void assert_options_described(const char *help, const char *page, const char *page_name,
                                     const char *what)
{
    static const char option_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-";

    for (const char *p = help; (p = strstr(p, "--")); p += 2) {
        char described[80];
        size_t n = strspn(p + 2, option_chars);
        const char *at;
        bool found = false;

        if (n == 0)
            continue;
        snprintf(described, sizeof described, "Fl -%.*s", (int)n, p + 2);
        /* the whole option: --config must not be found in "Fl -config-file" */
        for (at = page; !found && (at = strstr(at, described)); at++)
            found = !strchr(option_chars, at[strlen(described)]) || !at[strlen(described)];
        ck_assert_msg(found, "%s: --%.*s of %s is not described", page_name, (int)n, p + 2, what);
    }
}

START_TEST(pebactl_describes_every_command_and_option)
{
    char *page = page_text("pebactl.8"), *help = run(PEBACTL " --help");
    const char *list = strstr(help, "commands:\n");
    size_t commands = 0;

    ck_assert_ptr_nonnull(list);
    for (const char *line = strchr(list, '\n') + 1; strncmp(line, "  ", 2) == 0;
         line = strchr(line, '\n') + 1) {
        char name[64], item[80], command[256], *details;
        const char *end = strstr(line + 2, "  ");

        snprintf(name, sizeof name, "%.*s", (int)(end - line - 2), line + 2);
        snprintf(item, sizeof item, ".It Cm %s", name);
        ck_assert_msg(line_after(page, item), "pebactl.8 has no item for the command '%s'", name);
        snprintf(command, sizeof command, PEBACTL " %s --help", name);
        details = run(command);
        assert_options_described(details, page, "pebactl.8", name);
        free(details);
        commands++;
    }
    ck_assert_uint_ge(commands, 6);
    assert_options_described("--config --help", page, "pebactl.8", "pebactl");
    free(help);
    free(page);
}
END_TEST

START_TEST(peba_fcgi_describes_every_option)
{
    char *page = page_text("peba-fcgi.8"), *help = run(PEBA_FCGI " --help");

    ck_assert_ptr_nonnull(strstr(help, "--check-config"));
    assert_options_described(help, page, "peba-fcgi.8", "peba-fcgi");
    free(help);
    free(page);
}
END_TEST

/*
 * mandoc -Tlint at every level, style included. Only references to pages this machine has not
 * installed or indexed (its mandoc.db) may be reported: those depend on the machine, not the page.
 */
START_TEST(mandoc_lint_finds_nothing)
{
    for (size_t i = 0; i < ARRAY_LEN(pages); i++) {
        char command[512], *out;

        snprintf(command, sizeof command, "mandoc -Tlint -W all '%s/%s' 2>&1", MAN_DIR, pages[i]);
        out = run(command);
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
            ck_assert_msg(strstr(line, "referenced manual not found") || strstr(line, "outdated mandoc.db"),
                          "%s", line);
        free(out);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("man_pages");
    TCase *core = unit_case(s, "Core");

    tcase_add_test(core, peba_ini_gives_every_key_with_its_default_and_range);
    tcase_add_test(core, pebactl_describes_every_command_and_option);
    tcase_add_test(core, peba_fcgi_describes_every_option);
    tcase_add_test(core, mandoc_lint_finds_nothing);
    return unit_run(s);
}
