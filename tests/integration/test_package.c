/*
 * test_package.c: the Debian package of this build (cpack -G DEB, made by the package_build test)
 * installed on this machine: lintian finds no error in it; dpkg -i puts the programs, the
 * configuration (root:peba 0640), the nginx snippets, the manual pages and the units in place
 * (systemd-analyze verify passes, their manual pages found) and enables peba.socket; the installed
 * peba-fcgi with the installed peba.ini, pointed at the test stack, answers through an nginx that
 * runs the installed site example; dpkg --purge leaves no file of the package behind.
 *
 * This installs into the real system, which the tests may do on their throwaway machine: a peba
 * package installed before is purged first, the package_purge test purges it again whatever
 * happened here, and a lock keeps two test runs on one machine apart.
 */
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "array_len.h"
#include "buf.h"
#include "harness.h"

#define LOCK_FILE "/run/lock/peba-package-test.lock"
#define CONFIG "/etc/peba/peba.ini"
#define SITE_EXAMPLE "/usr/share/doc/peba/examples/peba-site.conf"
#define UNIT_DIR "/lib/systemd/system"
#define VARIANT "package"
#define STEP_TIMEOUT_S 300 /* lintian and dpkg on a busy 2-core machine */

/* The package file package_build made. */
static void package_file(char *out, size_t size)
{
    char pattern[4096];
    glob_t g;

    snprintf(pattern, sizeof pattern, "%s/peba_*.deb", getenv("PEBA_PACKAGE_DIR"));
    ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc == 1, "no single %s", pattern);
    snprintf(out, size, "%s", g.gl_pathv[0]);
    globfree(&g);
}

/* Where the test keeps the package's file list and the nginx template: the variant's directory. */
static void variant_file(const char *name, char *out, size_t size)
{
    char dir[1024];

    harness_variant_dir(VARIANT, dir, sizeof dir);
    mkdir(dir, 0755);
    snprintf(out, size, "%s/%s", dir, name);
}

START_TEST(lintian_finds_no_error)
{
    char deb[4096];
    char *out;
    int status;

    package_file(deb, sizeof deb);
    status = harness_capture(&out, "lintian --info --pedantic '%s'", deb);
    /* the warnings and notes are for the reader of the test log */
    fprintf(stderr, "lintian %s (status %d):\n%s", deb, status, out);
    for (const char *line = out; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
        ck_assert_msg(strncmp(line, "E: ", 3) != 0, "lintian: %.*s", (int)strcspn(line, "\n"), line);
    ck_assert_int_eq(status, 0);
    free(out);
}
END_TEST

/* A file's owner, group and permission bits. */
static void assert_owned(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
    struct stat st;

    ck_assert_msg(stat(path, &st) == 0, "%s is missing", path);
    ck_assert_msg(st.st_uid == uid && st.st_gid == gid && (st.st_mode & 07777) == mode,
                  "%s: owner %d:%d mode %o, want %d:%d %o", path, (int)st.st_uid, (int)st.st_gid,
                  (unsigned)(st.st_mode & 07777), (int)uid, (int)gid, (unsigned)mode);
}

START_TEST(dpkg_installs_programs_configuration_units_and_pages)
{
    static const char *const conffiles[] = {CONFIG, "/etc/nginx/peba/peba-http.conf",
                                            "/etc/nginx/peba/peba-locations.conf",
                                            "/etc/nginx/peba/peba-dashboard.conf"};
    char deb[4096], list[4096], target[4096], *out;
    const struct group *peba;
    ssize_t n;

    package_file(deb, sizeof deb);
    /* a leftover of an interrupted run */
    harness_sh("! dpkg -s peba >/dev/null 2>&1 || dpkg --purge peba");
    harness_sh("dpkg -i '%s'", deb);
    variant_file("files", list, sizeof list);
    harness_sh("dpkg -L peba >'%s'", list);

    ck_assert_int_eq(access("/usr/sbin/peba-fcgi", X_OK), 0);
    ck_assert_int_eq(access("/usr/sbin/pebactl", X_OK), 0);
    ck_assert_msg((peba = getgrnam("peba")) != NULL, "no group peba");
    assert_owned(CONFIG, 0, peba->gr_gid, 0640);
    ck_assert_int_eq(harness_capture(&out, "dpkg-query -W -f='${Conffiles}' peba"), 0);
    for (size_t i = 0; i < ARRAY_LEN(conffiles); i++)
        ck_assert_msg(strstr(out, conffiles[i]), "%s is no conffile:\n%s", conffiles[i], out);
    free(out);
    /* deb-systemd-helper enabled the socket as systemctl would */
    n = readlink("/etc/systemd/system/sockets.target.wants/peba.socket", target, sizeof target - 1);
    ck_assert_msg(n > 0, "peba.socket is not enabled");
    target[n] = '\0';
    ck_assert_str_eq(target, UNIT_DIR "/peba.socket");

    /* the installed units, their programs and their manual pages (Documentation=man:...) */
    ck_assert_int_eq(harness_capture(&out, "systemd-analyze verify " UNIT_DIR "/peba.socket " UNIT_DIR
                                           "/peba.service " UNIT_DIR "/peba-prune.service " UNIT_DIR
                                           "/peba-prune.timer"),
                     0);
    ck_assert_msg(!out[0], "systemd-analyze verify:\n%s", out);
    free(out);
    ck_assert_int_eq(harness_capture(&out, "man -w peba.ini"), 0);
    ck_assert_str_eq(out, "/usr/share/man/man5/peba.ini.5.gz\n");
    free(out);

    /* the service's user reads the configuration; nobody else does */
    harness_sh("runuser -u peba -- /usr/sbin/peba-fcgi --check-config --config " CONFIG);
    ck_assert_int_eq(
        harness_capture(&out, "runuser -u nobody -- /usr/sbin/peba-fcgi --check-config --config " CONFIG), 1);
    ck_assert_msg(strstr(out, "cannot open the configuration file"), "%s", out);
    free(out);
}
END_TEST

/* Replaces every occurrence of from in text (a buf holding a string) by to; fails when there is none. */
static void replace(struct buf *text, const char *from, const char *to, const char *what)
{
    const char *rest = text->data, *at;
    struct buf out;

    ck_assert_msg(strstr(rest, from) != NULL, "%s: no '%s'", what, from);
    buf_init(&out, 0);
    while ((at = strstr(rest, from))) {
        buf_append(&out, rest, (size_t)(at - rest));
        buf_puts(&out, to);
        rest = at + strlen(from);
    }
    buf_puts(&out, rest);
    buf_putc(&out, '\0');
    ck_assert(!out.failed);
    buf_free(text);
    *text = out;
}

/* The whole file, which must not be empty, into a buf holding a string. */
static void read_into(const char *path, struct buf *text)
{
    char *data = harness_read_file(path);

    ck_assert_msg(data[0], "cannot read %s", path);
    buf_init(text, 0);
    buf_puts(text, data);
    buf_putc(text, '\0');
    ck_assert(!text->failed);
    free(data);
}

static void write_text(const char *path, const struct buf *text)
{
    FILE *f = fopen(path, "w"); /* an existing file keeps its owner and mode */

    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text->data, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* The operator's edit of step 3 in docs/deployment.md: the cluster's and memcached's addresses. */
static void point_config_at_the_stack(void)
{
    char line[512];
    struct buf text;

    read_into(CONFIG, &text);
    snprintf(line, sizeof line, "hosts = %s", harness_env("ES_URL"));
    replace(&text, ";hosts = http://127.0.0.1:9200", line, CONFIG);
    snprintf(line, sizeof line, "servers = %s", harness_env("MC"));
    replace(&text, ";servers = 127.0.0.1:11211", line, CONFIG);
    write_text(CONFIG, &text);
    buf_free(&text);
}

/* The nginx.conf template of the variant: the installed site example on the test's ports and files. */
static void site_template(char *path, size_t size)
{
    static const struct {
        const char *from, *to;
    } edits[] = {
        {"listen 80;", "listen 127.0.0.1:@HTTP_PORT@;"},
        {"listen [::]:80;\n", ""},
        {"listen 443 ssl http2;", "listen 127.0.0.1:@HTTPS_PORT@ ssl http2;"},
        {"listen [::]:443 ssl http2;\n", ""},
        {"/etc/ssl/peba/fullchain.pem", "@RUNDIR@/tls/cert.pem"},
        {"/etc/ssl/peba/privkey.pem", "@RUNDIR@/tls/key.pem"},
        {"unix:/run/peba/peba.sock", "unix:@SOCKET@"},
        {"/var/log/nginx/peba-access.log", "@RUNDIR@/nginx-access.log"},
        {"/var/log/nginx/peba-error.log", "@RUNDIR@/nginx-error.log"},
        /* nginx's cache of the answers, in the variant's directory as the stack's is in its own */
        {"/var/lib/nginx/peba-cache", "@RUNDIR@/nginx-cache"},
        /* relative to nginx's prefix, which is the variant's directory here */
        {"include peba/peba-http.conf;", "include /etc/nginx/peba/peba-http.conf;"},
        {"include peba/peba-locations.conf;", "include /etc/nginx/peba/peba-locations.conf;"},
        {"include peba/peba-dashboard.conf;", "include /etc/nginx/peba/peba-dashboard.conf;"},
    };
    char skeleton_path[4096];
    struct buf site, conf;

    read_into(SITE_EXAMPLE, &site);
    for (size_t i = 0; i < ARRAY_LEN(edits); i++)
        replace(&site, edits[i].from, edits[i].to, SITE_EXAMPLE);
    snprintf(skeleton_path, sizeof skeleton_path, "%s/tests/integration/package-nginx.conf.in",
             getenv("PEBA_SOURCE_DIR"));
    read_into(skeleton_path, &conf);
    replace(&conf, "# SITE\n", site.data, skeleton_path);
    variant_file("nginx.conf.in", path, size);
    write_text(path, &conf);
    buf_free(&site);
    buf_free(&conf);
}

START_TEST(the_installed_service_answers_through_the_site_example)
{
    char template[4096], settings[8192], https[256], http[256];
    struct http_reply r;
    const char *id;

    point_config_at_the_stack();
    site_template(template, sizeof template);
    /* the socket on fd 0 and the pool on it, as peba.socket runs peba.service */
    snprintf(settings, sizeof settings,
             "WORKERS_MODE=socket PEBA_FCGI=/usr/sbin/peba-fcgi CONFIG=" CONFIG " NGINX_TEMPLATE='%s'",
             template);
    harness_variant_up(VARIANT, settings);
    harness_variant_env(VARIANT, "HTTPS_URL", https, sizeof https);
    harness_variant_env(VARIANT, "HTTP_URL", http, sizeof http);
    LOAD_ALERTS({.age = 30}, {.age = 90});

    http_request("GET", https, "/heartbeat", NULL, NULL, 0, &r);
    http_expect(&r, 200, HTTP_HTML, "I'm alive");
    /* nginx's $request_id, through the installed snippet's REQUEST_ID */
    id = http_header(&r, "X-Request-Id");
    ck_assert_msg(id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32, "X-Request-Id: %s",
                  id ? id : "(none)");
    http_reply_free(&r);
    http_request("GET", https, "/alert/retrieveAlertsCount?time=10&out=json", NULL, NULL, 0, &r);
    http_expect(&r, 200, HTTP_JSON, "{\"AlertCount\":2}\n");
    http_reply_free(&r);
    http_request("GET", https, "/dashboard/", NULL, NULL, 0, &r);
    http_expect(&r, 200, HTTP_HTML, NULL); /* /usr/share/peba/dashboard/index.html */
    ck_assert_msg(strstr(r.body, "<html"), "%.200s", r.body);
    http_reply_free(&r);
    /* the example's port 80 sends everyone to HTTPS, keeping the method (ewsposter POSTs) */
    http_request("GET", http, "/heartbeat", NULL, NULL, 0, &r);
    ck_assert_int_eq(r.status, 308);
    http_reply_free(&r);
    harness_variant_down(VARIANT);
}
END_TEST

/* True when an installed package owns path: after the purge, one sharing a directory such as /usr/sbin. */
static bool owned_by_others(const char *path)
{
    char *out;
    int status = harness_capture(&out, "dpkg -S '%s'", path);

    free(out);
    return status == 0;
}

START_TEST(dpkg_purge_leaves_nothing_behind)
{
    char list_path[4096];
    struct buf list;
    char *out;

    /* a failed test above may have left the installed workers running: stop them while their program is there */
    harness_variant_down(VARIANT);
    harness_sh("dpkg --purge peba");
    variant_file("files", list_path, sizeof list_path);
    read_into(list_path, &list);
    ck_assert_msg(list.data[0], "%s is empty: did the installation run?", list_path);
    for (char *path = strtok(list.data, "\n"); path; path = strtok(NULL, "\n")) {
        struct stat st;

        /* a directory may stay as a link to one (/lib on a merged /usr) */
        if (strcmp(path, "/.") == 0 || lstat(path, &st) != 0)
            continue;
        ck_assert_msg(stat(path, &st) == 0 && S_ISDIR(st.st_mode) && owned_by_others(path),
                      "%s is left behind", path);
    }
    buf_free(&list);
    /* nor the links and state of the units, nor the configuration's statoverride */
    ck_assert_int_eq(
        harness_capture(&out, "for d in /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled "
                              "/var/lib/systemd/deb-systemd-helper-masked; do "
                              "if [ -d $d ]; then find $d -name '*peba*'; fi; done"),
        0);
    ck_assert_msg(!out[0], "left behind:\n%s", out);
    free(out);
    ck_assert_int_ne(harness_capture(&out, "dpkg-statoverride --list " CONFIG), 0);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("package");
    TCase *tc = HARNESS_CASE(
        s, "package", NULL, lintian_finds_no_error, dpkg_installs_programs_configuration_units_and_pages,
        the_installed_service_answers_through_the_site_example, dpkg_purge_leaves_nothing_behind);
    int lock = open(LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

    /* held until the end, by this process and the forked tests */
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        perror(LOCK_FILE);
        return 1;
    }
    tcase_set_timeout(tc, STEP_TIMEOUT_S);
    return harness_run(s);
}
