/*
 * test_units.c: the systemd units of dist/systemd, made with this build's
 * programs (BUILD/dist/systemd-build): systemd-analyze verify finds nothing
 * in them, and every service keeps its hardening. The installed units, with
 * their manual pages, are verified again by the package test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_len.h"
#include "buf.h"
#include "unit.h"

static const char *const units[] = {"peba.socket", "peba.service", "peba-listen.service",
                                    "peba-prune.service", "peba-prune.timer"};
static const char *const services[] = {"peba.service", "peba-listen.service", "peba-prune.service"};

/* What every service must keep: who it runs as, what it may touch, and how much memory. */
static const char *const hardening[] = {
    "\nUser=peba\n",
    "\nNoNewPrivileges=yes\n",
    "\nProtectSystem=strict\n",
    "\nPrivateTmp=yes\n",
    "\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n",
    "\nSystemCallFilter=@system-service\n",
    "\nMemoryMax=",
};

START_TEST(systemd_analyze_verify_finds_nothing)
{
    struct buf command, out;
    int status;

    /* --man=no: the manual pages are not installed yet (the package test checks them too) */
    buf_init(&command, 0);
    buf_printf(&command, "cd '%s' && systemd-analyze verify --man=no", UNIT_DIR);
    for (size_t i = 0; i < ARRAY_LEN(units); i++)
        buf_printf(&command, " %s", units[i]);
    buf_puts(&command, " 2>&1");
    status = unit_command(command.data, &out);
    ck_assert_msg(status == 0 && out.len == 0, "%s: status %d\n%s", command.data, status, out.data);
    buf_free(&out);
    buf_free(&command);
}
END_TEST

START_TEST(every_service_keeps_its_hardening)
{
    for (size_t i = 0; i < ARRAY_LEN(services); i++) {
        struct buf command, text;

        buf_init(&command, 0);
        buf_printf(&command, "cat '%s/%s'", UNIT_DIR, services[i]);
        ck_assert_int_eq(unit_command(command.data, &text), 0);
        for (size_t h = 0; h < ARRAY_LEN(hardening); h++)
            ck_assert_msg(strstr(text.data, hardening[h]), "%s lacks %s", services[i], hardening[h] + 1);
        buf_free(&text);
        buf_free(&command);
    }
}
END_TEST

START_TEST(the_workers_reload_on_sighup)
{
    struct buf text;

    ck_assert_int_eq(unit_command("cat '" UNIT_DIR "/peba.service'", &text), 0);
    ck_assert(strstr(text.data, "\nExecReload=/bin/kill -HUP $MAINPID\n"));
    ck_assert(strstr(text.data, "\nStandardInput=socket\n"));
    buf_free(&text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("units");
    TCase *core = unit_case(s, "Core");

    tcase_add_test(core, systemd_analyze_verify_finds_nothing);
    tcase_add_test(core, every_service_keeps_its_hardening);
    tcase_add_test(core, the_workers_reload_on_sighup);
    return unit_run(s);
}
