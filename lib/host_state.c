/* host_state.c: the file-backed mapping the workers of a machine share: created or attached under flock. */
#include "host_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define HOST_STATE_MAGIC 0x50454241u /* "PEBA" */
#define HOST_STATE_VERSION 2u
#define OPEN_TRIES 4

struct engine_slot {
    char url[HOST_STATE_URL_MAX]; /* "" while free; written once, under the file lock */
    struct engine_health health;
};

/* The file's layout; a new section goes at the end, with a new HOST_STATE_VERSION. */
struct host_area {
    uint32_t magic, version, size, engine_count;
    struct engine_slot engines[HOST_STATE_ENGINES];
    struct metrics_area metrics;
};

struct host_state {
    int fd;                  /* the file, -1 for a private state */
    struct host_area *area;  /* mapped from fd, or this process's own */
    struct host_area *spill; /* this process's own slots when the area has no room */
};

static struct host_area *private_area(void)
{
    struct host_area *a = calloc(1, sizeof *a);

    if (a) {
        a->magic = HOST_STATE_MAGIC;
        a->version = HOST_STATE_VERSION;
        a->size = sizeof *a;
        metrics_init(&a->metrics, time(NULL));
    }
    return a;
}

/* The mapping of an opened, locked file of the right layout; NULL with errno EAGAIN when it must be replaced. */
static struct host_area *map_locked(int fd)
{
    struct host_area *a;
    struct stat st;

    if (fstat(fd, &st) != 0)
        return NULL;
    if (st.st_size == 0 && ftruncate(fd, (off_t)sizeof *a) != 0)
        return NULL;
    if (st.st_size != 0 && st.st_size != (off_t)sizeof *a) {
        errno = EAGAIN;
        return NULL;
    }
    a = mmap(NULL, sizeof *a, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (a == MAP_FAILED)
        return NULL;
    if (st.st_size == 0) {
        metrics_init(&a->metrics, time(NULL));
        a->version = HOST_STATE_VERSION;
        a->size = sizeof *a;
        a->magic = HOST_STATE_MAGIC;
    }
    if (a->magic != HOST_STATE_MAGIC || a->version != HOST_STATE_VERSION || a->size != sizeof *a) {
        munmap(a, sizeof *a);
        errno = EAGAIN;
        return NULL;
    }
    return a;
}

/*
 * Opens, locks and maps path. The path must still name the file we locked
 * (another worker may have replaced it meanwhile); a file of another layout
 * is unlinked, never truncated, as processes of an older peba may map it.
 */
static struct host_area *attach(const char *path, int *fd_out)
{
    for (int i = 0; i < OPEN_TRIES; i++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        struct stat mine, named;
        struct host_area *a = NULL;

        if (fd < 0)
            return NULL;
        if (flock(fd, LOCK_EX) != 0) {
            close(fd);
            return NULL;
        }
        if (fstat(fd, &mine) == 0 && stat(path, &named) == 0 && mine.st_ino == named.st_ino &&
            mine.st_dev == named.st_dev) {
            a = map_locked(fd);
            if (!a && errno == EAGAIN) {
                log_warn("%s has another layout (another peba version): replacing it", path);
                unlink(path);
            }
        } else {
            errno = EAGAIN;
        }
        flock(fd, LOCK_UN);
        if (a) {
            *fd_out = fd;
            return a;
        }
        close(fd);
        if (errno != EAGAIN)
            return NULL;
    }
    return NULL;
}

struct host_state *host_state_open(const char *dir)
{
    struct host_state *hs = calloc(1, sizeof *hs);
    char path[4096];

    if (!hs)
        return NULL;
    hs->fd = -1;
    hs->spill = private_area();
    if (!hs->spill) {
        free(hs);
        return NULL;
    }
    if (dir && *dir) {
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, HOST_STATE_FILE) >= sizeof path)
            errno = ENAMETOOLONG;
        else
            hs->area = attach(path, &hs->fd);
        if (!hs->area)
            log_warn("cannot share state in %s/%s (%s): each worker keeps its own", dir, HOST_STATE_FILE,
                     strerror(errno));
    }
    return hs;
}

void host_state_close(struct host_state *hs)
{
    if (!hs)
        return;
    if (hs->area)
        munmap(hs->area, sizeof *hs->area);
    if (hs->fd >= 0)
        close(hs->fd);
    free(hs->spill);
    free(hs);
}

bool host_state_shared(const struct host_state *hs)
{
    return hs->area != NULL;
}

/* The slot of url in a, claimed when new; NULL when a is full. The caller holds a's lock, if it has one. */
static struct engine_slot *find_slot(struct host_area *a, const char *url)
{
    uint32_t n = a->engine_count < HOST_STATE_ENGINES ? a->engine_count : HOST_STATE_ENGINES;

    for (uint32_t i = 0; i < n; i++)
        if (strcmp(a->engines[i].url, url) == 0)
            return &a->engines[i];
    if (n == HOST_STATE_ENGINES)
        return NULL;
    snprintf(a->engines[n].url, sizeof a->engines[n].url, "%s", url);
    a->engine_count = n + 1;
    return &a->engines[n];
}

struct engine_health *host_state_engine(struct host_state *hs, const char *url)
{
    struct engine_slot *slot = NULL;

    if (hs->area && flock(hs->fd, LOCK_EX) == 0) {
        slot = find_slot(hs->area, url);
        flock(hs->fd, LOCK_UN);
        if (!slot)
            log_warn("%s: the shared state has no room for more hosts; this worker keeps its own", url);
    }
    /* never full: one configuration names at most CONFIG_MAX_HOSTS hosts, and a reload opens a new state */
    if (!slot)
        slot = find_slot(hs->spill, url);
    return slot ? &slot->health : NULL;
}

struct metrics_area *host_state_metrics(struct host_state *hs)
{
    return hs->area ? &hs->area->metrics : &hs->spill->metrics;
}
