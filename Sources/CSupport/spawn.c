#define _GNU_SOURCE
#include "CSupport.h"
#include "spawn_internal.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

void slipway_child_fail(int report_fd, int err) {
    if (report_fd >= 0) {
        ssize_t ignored = write(report_fd, &err, sizeof err);
        (void)ignored;
    }
    _exit(127);
}

void slipway_reset_signals(void) {
    /* Dispositions first, while the caller's mask (everything blocked) still holds: in a child
       that shares the caller's memory, no handler of the caller may ever run. */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &dfl, NULL);
    }
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
}

pid_t slipway_await_spawn(int report_read, pid_t pid, int *error_number) {
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(report_read, &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(report_read);
    if (got == (ssize_t)sizeof child_errno) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error_number = child_errno;
        return -1;
    }
    *error_number = 0;
    return pid;
}

int slipway_lift_report_fd(int report_fd) {
    if (report_fd > 2) return report_fd;
    int lifted = fcntl(report_fd, F_DUPFD_CLOEXEC, 3);
    if (lifted < 0) _exit(127);
    return lifted;
}

int slipway_place_standard_fds(int in, int out, int err) {
    /* Duplicates that live in 0..2 could be clobbered by an earlier dup2; lift them first. */
    if (in >= 0 && in <= 2 && in != 0) in = fcntl(in, F_DUPFD, 3);
    if (out >= 0 && out <= 2 && out != 1) out = fcntl(out, F_DUPFD, 3);
    if (err >= 0 && err <= 2 && err != 2) err = fcntl(err, F_DUPFD, 3);
    if (slipway_place_fd(in, 0) < 0 || slipway_place_fd(out, 1) < 0 || slipway_place_fd(err, 2) < 0) return -1;
    return 0;
}

/* Places `fd` at `target`, opening /dev/null for -1. Only async-signal-safe calls. */
int slipway_place_fd(int fd, int target) {
    if (fd < 0) {
        int null_fd = open("/dev/null", O_RDWR);
        if (null_fd < 0) return -1;
        if (null_fd != target) {
            if (dup2(null_fd, target) < 0) return -1;
            close(null_fd);
        }
        return 0;
    }
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(fd, target) < 0 ? -1 : 0;
}

/* Closes every descriptor from 3 up except `a` and `b` (-1 for none). */
void slipway_close_all_but(int a, int b) {
    int keep[2] = {a < b ? a : b, a < b ? b : a};
    int from = 3;
    for (int i = 0; i < 2; i++) {
        if (keep[i] < from) continue;
        if (keep[i] > from) syscall(SYS_close_range, from, keep[i] - 1, 0);
        from = keep[i] + 1;
    }
    if (syscall(SYS_close_range, from, ~0U, 0) != 0) {
        for (int fd = from; fd < 65536; fd++) {
            if (fd != a && fd != b) close(fd);
        }
    }
}

pid_t slipway_clone_vfork(int (*child)(void *), void *argument) {
    const size_t stack_size = 64 * 1024;
    char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    /* No signal handler of this process may run on the child's stack: everything stays
       blocked until the child has reset every disposition (slipway_reset_signals). */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    pid_t pid = clone(child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, argument);
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    munmap(stack, stack_size);
    errno = clone_errno;
    return pid;
}

/* What the spawned child needs; it may run in the caller's memory (see slipway_spawn). */
struct spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int stdin_fd, stdout_fd, stderr_fd, group, parent_death_signal, wait_fd, report_fd;
    pid_t parent;
};

/* The child, up to execve: only system calls, so it can share the caller's memory. */
static int spawn_child(void *argument) {
    struct spawn_request *request = argument;
    slipway_reset_signals();
    if (request->parent_death_signal > 0) {
        if (prctl(PR_SET_PDEATHSIG, request->parent_death_signal) != 0) slipway_child_fail(request->report_fd, errno);
        /* The parent may have died before prctl: then nobody would ever send the signal. */
        if (getppid() != request->parent) raise(request->parent_death_signal);
    }
    if (request->group == SLIPWAY_GROUP_NEW_SESSION) {
        if (setsid() < 0) slipway_child_fail(request->report_fd, errno);
    } else if (request->group == SLIPWAY_GROUP_NEW_GROUP) {
        if (setpgid(0, 0) < 0) slipway_child_fail(request->report_fd, errno);
    } else if (request->group > 0) {
        if (setpgid(0, request->group) < 0) slipway_child_fail(request->report_fd, errno);
    }
    /* Move our own descriptors out of the way of 0..2 before placing the standard ones. */
    int report_fd = slipway_lift_report_fd(request->report_fd);
    int wait_fd = request->wait_fd;
    if (wait_fd >= 0 && wait_fd <= 2) wait_fd = fcntl(wait_fd, F_DUPFD_CLOEXEC, 3);
    if (slipway_place_standard_fds(request->stdin_fd, request->stdout_fd, request->stderr_fd) < 0) slipway_child_fail(report_fd, errno);
    /* Nothing else of the parent's may leak into a build (locks, databases, pipes), nor be
       held while waiting: git waits for its hook's output pipes to close. */
    slipway_close_all_but(report_fd, wait_fd);
    if (request->cwd != NULL && chdir(request->cwd) != 0) slipway_child_fail(report_fd, errno);
    if (wait_fd >= 0) {
        /* Tell the parent the spawn succeeded (EOF on the report pipe), then wait. Later
           failures can no longer be reported: the child just exits 127. */
        close(report_fd);
        struct pollfd waiting = {.fd = wait_fd, .events = POLLIN, .revents = 0};
        while (poll(&waiting, 1, 30000) < 0 && errno == EINTR) {}
        close(wait_fd);
        execve(request->path, request->argv, request->envp);
        _exit(127);
    }
    execve(request->path, request->argv, request->envp);
    slipway_child_fail(report_fd, errno);
    return 127;
}

pid_t slipway_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    int stdin_fd, int stdout_fd, int stderr_fd, int group, int parent_death_signal,
                    pid_t start_after_pid, int *error_number) {
    /* Opened before the fork, so the child does not race the process's exit for its pid. */
    int wait_fd = start_after_pid > 0 ? (int)syscall(SYS_pidfd_open, start_after_pid, 0) : -1;
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error_number = errno;
        if (wait_fd >= 0) close(wait_fd);
        return -1;
    }
    struct spawn_request request = {
        .path = path, .argv = argv, .envp = envp, .cwd = cwd, .stdin_fd = stdin_fd, .stdout_fd = stdout_fd,
        .stderr_fd = stderr_fd, .group = group, .parent_death_signal = parent_death_signal, .wait_fd = wait_fd,
        .report_fd = report[1], .parent = getpid(),
    };
    pid_t pid;
    int spawn_errno = 0;
    if (wait_fd >= 0) {
        /* This child waits before it execs: it cannot hold the caller stopped, so it is a fork. */
        pid = fork();
        if (pid == 0) _exit(spawn_child(&request));
        spawn_errno = errno;
    } else {
        pid = slipway_clone_vfork(spawn_child, &request);
        spawn_errno = errno;
    }
    close(report[1]);
    if (wait_fd >= 0) close(wait_fd);
    if (pid < 0) {
        *error_number = spawn_errno;
        close(report[0]);
        return -1;
    }
    return slipway_await_spawn(report[0], pid, error_number);
}

int slipway_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int slipway_set_pipe_size(int fd, int size) {
    return fcntl(fd, F_SETPIPE_SZ, size);
}

int slipway_pidfd_open(pid_t pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0) return -1;
    int flags = fcntl((int)fd, F_GETFD);
    if (flags >= 0) fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
    return (int)fd;
}

/* Reads /proc/PID/stat and returns the fields after the command name, which may contain spaces. */
static int read_stat_tail(pid_t pid, char *buffer, size_t size, char **tail) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    if (n <= 0) return -1;
    buffer[n] = 0;
    char *close_paren = strrchr(buffer, ')');
    if (close_paren == NULL) return -1;
    *tail = close_paren + 2; /* field 3 (state) */
    return 0;
}

unsigned long long slipway_process_start_time(pid_t pid) {
    char buffer[1024];
    char *tail;
    if (read_stat_tail(pid, buffer, sizeof buffer, &tail) != 0) return 0;
    /* tail starts at field 3; start time is field 22. */
    int field = 3;
    char *p = tail;
    while (*p && field < 22) {
        if (*p == ' ') field++;
        p++;
    }
    if (field != 22) return 0;
    char state = tail[0];
    if (state == 'Z' || state == 'X') return 0;
    return strtoull(p, NULL, 10);
}

pid_t slipway_process_group(pid_t pid) {
    char buffer[1024];
    char *tail;
    if (read_stat_tail(pid, buffer, sizeof buffer, &tail) != 0) return -1;
    /* fields: 3 state, 4 ppid, 5 pgrp */
    int field = 3;
    char *p = tail;
    while (*p && field < 5) {
        if (*p == ' ') field++;
        p++;
    }
    if (field != 5) return -1;
    return (pid_t)strtol(p, NULL, 10);
}

static volatile sig_atomic_t stop_requested = 0;

static void record_stop(int signal_number) {
    (void)signal_number;
    stop_requested = 1;
}

void slipway_install_stop_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

int slipway_stop_requested(void) {
    return stop_requested != 0;
}
