/* test_host_state.c: unit tests of lib/host_state.c, the mapping a machine's workers share. */
#include "host_state.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

static const struct engine_backoff backoff = {1000, 8000};

static char dir_made[64];

/* Removes the directory temp_dir made, and its state file, when the test's process ends. */
static void remove_temp_dir(void)
{
    char path[128];

    snprintf(path, sizeof path, "%s/%s", dir_made, HOST_STATE_FILE);
    unlink(path);
    rmdir(dir_made);
}

/* A new empty directory under /tmp. */
static const char *temp_dir(void)
{
    snprintf(dir_made, sizeof dir_made, "/tmp/peba-unit-state-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir_made));
    atexit(remove_temp_dir);
    return dir_made;
}

START_TEST(two_workers_see_one_state)
{
    const char *dir = temp_dir();
    struct host_state *a = host_state_open(dir), *b = host_state_open(dir);
    struct engine_health *ha = host_state_engine(a, "http://es1:9200");
    struct engine_health *hb = host_state_engine(b, "http://es1:9200");

    ck_assert(host_state_shared(a) && host_state_shared(b));
    ck_assert_ptr_ne(ha, hb); /* two mappings of one file */
    engine_failed(ha, 100, ENGINE_REFUSED, 0, &backoff);
    ck_assert_int_eq(engine_admit(hb, 200, 3000, &backoff), ENGINE_WAIT);
    ck_assert_int_eq(engine_admit(hb, 1100, 3000, &backoff), ENGINE_PROBE);
    ck_assert_int_eq(engine_admit(ha, 1100, 3000, &backoff), ENGINE_WAIT);
    ck_assert_ptr_eq(host_state_engine(a, "http://es1:9200"), ha);
    ck_assert_int_eq(engine_admit(host_state_engine(b, "http://es2:9200"), 200, 3000, &backoff), ENGINE_GO);
    host_state_close(a);
    host_state_close(b);
}
END_TEST

START_TEST(another_process_sees_and_changes_the_same_state)
{
    const char *dir = temp_dir();
    struct host_state *hs = host_state_open(dir);
    struct engine_health *h = host_state_engine(hs, "http://es1:9200");
    pid_t pid;
    int status;

    engine_failed(h, 100, ENGINE_TIMEOUT, 2000, &backoff);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* a worker that starts later attaches by itself; it takes the probe and reports success */
        struct host_state *mine = host_state_open(dir);
        struct engine_health *hm = host_state_engine(mine, "http://es1:9200");
        int ok = engine_admit(hm, 1200, 3000, &backoff) == ENGINE_PROBE;

        engine_succeeded(hm, 200);
        host_state_close(mine);
        _exit(ok ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(engine_admit(h, 1201, 3000, &backoff), ENGINE_GO);
    host_state_close(hs);
}
END_TEST

START_TEST(without_a_usable_directory_each_worker_keeps_its_own)
{
    static const char *const dirs[] = {NULL, "", "/nonexistent/peba"};

    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        struct host_state *a = host_state_open(dirs[i]), *b = host_state_open(dirs[i]);
        struct engine_health *ha = host_state_engine(a, "http://es1:9200");

        ck_assert(!host_state_shared(a));
        engine_failed(ha, 100, ENGINE_REFUSED, 0, &backoff);
        ck_assert_int_eq(engine_admit(ha, 200, 3000, &backoff), ENGINE_WAIT);
        ck_assert_int_eq(engine_admit(host_state_engine(b, "http://es1:9200"), 200, 3000, &backoff),
                         ENGINE_GO);
        host_state_close(a);
        host_state_close(b);
    }
}
END_TEST

START_TEST(a_file_of_another_layout_is_replaced_not_changed)
{
    const char *dir = temp_dir();
    char path[128], old[32] = "";
    struct stat st;
    struct host_state *hs;
    int fd;

    snprintf(path, sizeof path, "%s/%s", dir, HOST_STATE_FILE);
    fd = open(path, O_RDWR | O_CREAT, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "an older layout", 15), 15);
    hs = host_state_open(dir);
    ck_assert(host_state_shared(hs));
    /* a process of the older peba keeps its file, unchanged; the path names a new one */
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_int_eq(st.st_nlink, 0);
    ck_assert_int_eq(pread(fd, old, sizeof old - 1, 0), 15);
    ck_assert_str_eq(old, "an older layout");
    close(fd);
    ck_assert_int_eq(engine_admit(host_state_engine(hs, "http://es1:9200"), 1, 3000, &backoff), ENGINE_GO);
    host_state_close(hs);
}
END_TEST

START_TEST(hosts_past_the_table_get_a_private_slot)
{
    const char *dir = temp_dir();
    struct host_state *a = host_state_open(dir), *b = host_state_open(dir);
    struct engine_health *extra;
    char url[64];

    for (int i = 0; i < HOST_STATE_ENGINES; i++) {
        snprintf(url, sizeof url, "http://es%d:9200", i);
        ck_assert_ptr_nonnull(host_state_engine(a, url));
    }
    extra = host_state_engine(a, "http://one-too-many:9200");
    ck_assert_ptr_nonnull(extra);
    engine_failed(extra, 100, ENGINE_REFUSED, 0, &backoff);
    ck_assert_int_eq(engine_admit(host_state_engine(b, "http://one-too-many:9200"), 200, 3000, &backoff),
                     ENGINE_GO);
    /* the table's hosts are still shared */
    engine_failed(host_state_engine(a, "http://es7:9200"), 100, ENGINE_REFUSED, 0, &backoff);
    ck_assert_int_eq(engine_admit(host_state_engine(b, "http://es7:9200"), 200, 3000, &backoff), ENGINE_WAIT);
    host_state_close(a);
    host_state_close(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("host_state");
    TCase *core = unit_case(s, "Core");
    TCase *limits = unit_case(s, "Limits");

    tcase_add_test(core, two_workers_see_one_state);
    tcase_add_test(core, another_process_sees_and_changes_the_same_state);
    tcase_add_test(limits, without_a_usable_directory_each_worker_keeps_its_own);
    tcase_add_test(limits, a_file_of_another_layout_is_replaced_not_changed);
    tcase_add_test(limits, hosts_past_the_table_get_a_private_slot);
    return unit_run(s);
}
