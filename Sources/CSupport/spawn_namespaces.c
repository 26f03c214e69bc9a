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

/* What the two short-lived children share with the caller (CLONE_VM: the same memory). */
struct entry {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int stdin_fd, stdout_fd, stderr_fd, group;
    const int *namespace_fds;
    int namespace_count;
    pid_t program;  /* the program's pid, as the caller sees it */
    int error;      /* the first failure's errno, 0 when the program runs */
};

/* The program: a child of the caller (CLONE_PARENT) inside the namespaces; it only execs. */
static int start_program(void *argument) {
    struct entry *entry = argument;
    execve(entry->path, entry->argv, entry->envp);
    entry->error = errno;
    _exit(127);
}

/* The entering child: shares the caller's memory (and stops it, CLONE_VFORK) for the few
   system calls that enter the namespaces, then starts the program as the caller's own child
   and exits. A pid namespace applies to children only, hence the second clone; neither child
   copies the caller's page tables, which a fork of a large process would. Only system calls
   from here on: this runs on its own stack in the caller's memory. */
static int enter_namespaces(void *argument) {
    struct entry *entry = argument;
    slipway_reset_signals();
    if (entry->group > 0 && setpgid(0, entry->group) < 0) goto fail;
    if (slipway_place_standard_fds(entry->stdin_fd, entry->stdout_fd, entry->stderr_fd) < 0) goto fail;
    for (int i = 0; i < entry->namespace_count; i++) {
        if (setns(entry->namespace_fds[i], 0) != 0) goto fail;
    }
    if (drop_privileges() != 0) goto fail;
    slipway_close_all_but(-1, -1);
    if (entry->cwd != NULL && chdir(entry->cwd) != 0) goto fail;
    /* This child is stopped until the program has exec'd, so its own stack can lend the program
       one. */
    char program_stack[16 * 1024] __attribute__((aligned(16)));
    pid_t program = clone(start_program, program_stack + sizeof program_stack, CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, entry);
    if (program < 0) goto fail;
    entry->program = program;
    _exit(0);
fail:
    entry->error = errno;
    _exit(127);
}

pid_t slipway_spawn_in_namespaces(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                  int stdin_fd, int stdout_fd, int stderr_fd, int group,
                                  const int *namespace_fds, int namespace_count, int *error_number) {
    struct entry entry = {
        .path = path, .argv = argv, .envp = envp, .cwd = cwd,
        .stdin_fd = stdin_fd, .stdout_fd = stdout_fd, .stderr_fd = stderr_fd, .group = group,
        .namespace_fds = namespace_fds, .namespace_count = namespace_count, .program = -1, .error = 0,
    };
    pid_t entering = slipway_clone_vfork(enter_namespaces, &entry);
    if (entering < 0) {
        *error_number = errno;
        return -1;
    }
    int status;
    while (waitpid(entering, &status, 0) < 0 && errno == EINTR) {}
    if (entry.error != 0 || entry.program <= 0) {
        if (entry.program > 0) {
            while (waitpid(entry.program, &status, 0) < 0 && errno == EINTR) {}
        }
        *error_number = entry.error != 0 ? entry.error : ECHILD;
        return -1;
    }
    return entry.program;
}
