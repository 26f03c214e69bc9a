#define _GNU_SOURCE
#include "CSupport.h"
#include "spawn_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* No capability in any set, none to regain on exec (an empty bounding set), no setuid gains. */
static int drop_privileges(void) {
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            if (errno == EINVAL) break; /* past the kernel's last capability */
            return -1;
        }
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* The intermediate child: waits for the program and ends the way it ended. */
static void wait_and_mirror(pid_t program) {
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) close(null_fd);
    }
    int status;
    while (waitpid(program, &status, 0) < 0) {
        if (errno != EINTR) _exit(127);
    }
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    int sig = WTERMSIG(status);
    signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(sig);
    _exit(128 + sig);
}

pid_t slipway_spawn_in_namespaces(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                  int stdin_fd, int stdout_fd, int stderr_fd, int group,
                                  const int *namespace_fds, int namespace_count, int *error_number) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error_number = errno;
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        *error_number = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        /* Child: only async-signal-safe functions from here on. */
        slipway_reset_signals();
        if (group > 0 && setpgid(0, group) < 0) slipway_child_fail(report[1], errno);
        int report_fd = slipway_lift_report_fd(report[1]);
        if (slipway_place_standard_fds(stdin_fd, stdout_fd, stderr_fd) < 0) slipway_child_fail(report_fd, errno);
        for (int i = 0; i < namespace_count; i++) {
            if (setns(namespace_fds[i], 0) != 0) slipway_child_fail(report_fd, errno);
        }
        if (drop_privileges() != 0) slipway_child_fail(report_fd, errno);
        slipway_close_all_but(report_fd, -1);
        if (cwd != NULL && chdir(cwd) != 0) slipway_child_fail(report_fd, errno);
        /* A pid namespace applies to children only: the program is a grandchild. This child is
           single-threaded and the grandchild only execs: vfork spares a second copy of the
           parent's page tables per command. */
        pid_t program = vfork();
        if (program < 0) slipway_child_fail(report_fd, errno);
        if (program == 0) {
            execve(path, argv, envp);
            int failure = errno;
            ssize_t ignored = write(report_fd, &failure, sizeof failure);
            (void)ignored;
            _exit(127);
        }
        close(report_fd);
        wait_and_mirror(program);
    }
    close(report[1]);
    return slipway_await_spawn(report[0], pid, error_number);
}
