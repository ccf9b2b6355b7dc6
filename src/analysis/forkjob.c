/* forkjob.c - a computation in a forked child process, for the second core.
 *
 * igraph is not thread-safe, so the long igraph computations that do not
 * depend on each other (betweenness, communities) run in forked copies of
 * this process.  The child computes, writes its result and a magic number
 * to a pipe, and _exit()s; the parent reads exactly the size it expects.
 * Anything short, a missing magic, or a child that fails makes the
 * collection fail, and the caller then computes the result itself: the
 * result is the same either way. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis_internal.h"
#include "core_internal.h"

#define FORK_MAGIC 0x7467666f726b6a21ULL /* ends the child's message */

int tg_fork_write(int fd, const void *p, size_t n)
{
    return tg_fd_write_all(fd, p, n);
}

int tg_fork_start(tg_fork_fn fn, void *ctx, tg_fork_job *job)
{
    int p[2];
    pid_t pid;

    job->pid = -1;
    job->fd = -1;
    if (pipe(p) != 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        uint64_t magic = FORK_MAGIC;
        int ok;

        close(p[0]);
        igraph_set_progress_handler(NULL);
        ok = fn(ctx, p[1]) == 0 && tg_fork_write(p[1], &magic, sizeof magic) == 0;
        _exit(ok ? 0 : 1);
    }
    close(p[1]);
    job->pid = pid;
    job->fd = p[0];
    return 0;
}

int tg_fork_read(tg_fork_job *job, void *buf, size_t n)
{
    return job->fd >= 0 ? tg_fd_read_all(job->fd, buf, n) : -1;
}

int tg_fork_finish(tg_fork_job *job)
{
    uint64_t magic = 0;
    int status = 0, ok;

    if (job->pid < 0)
        return -1;
    ok = tg_fd_read_all(job->fd, &magic, sizeof magic) == 0 && magic == FORK_MAGIC;
    close(job->fd);
    while (waitpid(job->pid, &status, 0) < 0 && errno == EINTR)
        ;
    job->pid = -1;
    job->fd = -1;
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

void tg_fork_cancel(tg_fork_job *job)
{
    if (job->pid < 0)
        return;
    kill(job->pid, SIGKILL);
    close(job->fd);
    while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    job->pid = -1;
    job->fd = -1;
}
