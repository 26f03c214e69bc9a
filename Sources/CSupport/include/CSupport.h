#ifndef SLIPWAY_CSUPPORT_H
#define SLIPWAY_CSUPPORT_H

#include <stddef.h>
#include <sys/types.h>

/// How a spawned child relates to process groups.
/// SLIPWAY_GROUP_INHERIT keeps the parent's group, SLIPWAY_GROUP_NEW_SESSION calls setsid(),
/// SLIPWAY_GROUP_NEW_GROUP starts a new group in the parent's session (setpgid(0, 0)),
/// any positive value joins that existing process group (which must be in the same session).
#define SLIPWAY_GROUP_INHERIT 0
#define SLIPWAY_GROUP_NEW_SESSION (-1)
#define SLIPWAY_GROUP_NEW_GROUP (-2)

/// Spawns `path` with `argv` and `envp` (both NULL-terminated), in `cwd` when non-NULL.
/// The child gets `stdin_fd`, `stdout_fd` and `stderr_fd` as 0, 1 and 2 (-1 means /dev/null),
/// default signal dispositions, an empty signal mask, and no other open descriptors.
/// A non-zero `parent_death_signal` is delivered to the child when the thread that spawned it
/// dies (PR_SET_PDEATHSIG), also when the parent is killed with SIGKILL.
/// A positive `start_after_pid` makes the child wait (at most 30 s) until that process has
/// exited before it runs `path`: a worker started by a hook lets the push finish first.
/// Returns the child's pid, or -1 with `*error_number` set to the errno of the failed step
/// (including a failed execve, reported back through a close-on-exec pipe).
pid_t slipway_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                    int stdin_fd, int stdout_fd, int stderr_fd, int group, int parent_death_signal,
                    pid_t start_after_pid, int *error_number);

/// Like slipway_spawn, but the program runs inside the namespaces given as open descriptors of
/// /proc/PID/ns/* (user first, mount last), with every capability dropped and no_new_privs set.
/// A short-lived child that shares the caller's memory (no page tables copied) enters the
/// namespaces and starts the program as the caller's own child (CLONE_PARENT), so the pid
/// namespace applies to it; the returned pid is the program's, to wait for like any child.
pid_t slipway_spawn_in_namespaces(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                  int stdin_fd, int stdout_fd, int stderr_fd, int group,
                                  const int *namespace_fds, int namespace_count, int *error_number);

/// 1 when `path` names a directory as a process whose root is `root` sees it: every symbolic
/// link, absolute ones included, resolves inside `root` (openat2 with RESOLVE_IN_ROOT), so a
/// link planted there can never make the caller look at its own files. 0 otherwise.
int slipway_is_directory_in_root(const char *root, const char *path);

/// Opens `path` relative to `directory_fd` with every component, links included, resolved
/// beneath that directory (openat2 RESOLVE_BENEATH): a link that leads out of it, absolute or
/// through `..`, fails with EXDEV. Returns the descriptor, or -1 with errno.
int slipway_open_beneath(int directory_fd, const char *path, int flags);

/// 1 when `path` is on a memory filesystem (tmpfs), 0 when not or when it cannot be looked at.
int slipway_is_tmpfs(const char *path);

/// pipe2(O_CLOEXEC): both ends close-on-exec from the start, so no other thread's spawn can inherit them.
int slipway_pipe_cloexec(int fds[2]);

/// Grows a pipe's kernel buffer (F_SETPIPE_SZ); returns the new size or -1.
int slipway_set_pipe_size(int fd, int size);

/// Starts writing a file range to disk without waiting (sync_file_range, SYNC_FILE_RANGE_WRITE).
int slipway_start_writeback(int fd, long long offset, long long length);

/// Reserves disk blocks for a file range past the end without changing the file's size
/// (fallocate, FALLOC_FL_KEEP_SIZE); returns -1 where the file system cannot.
int slipway_preallocate(int fd, long long offset, long long length);

/// A pollable descriptor that becomes readable when `pid` exits (pidfd_open), or -1.
int slipway_pidfd_open(pid_t pid);

/// Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or 0 if it is gone.
/// A pid plus its start time names a process unambiguously, even after pid reuse.
unsigned long long slipway_process_start_time(pid_t pid);

/// The process group of `pid`, or -1.
pid_t slipway_process_group(pid_t pid);

/// Installs SIGINT, SIGTERM and SIGHUP handlers that only record the request to stop.
void slipway_install_stop_handlers(void);

/// True once one of those signals arrived.
int slipway_stop_requested(void);

/// One HTTP exchange performed by libcurl, loaded with dlopen on first use so that
/// programs that never speak HTTP do not pay for loading it.
typedef struct {
    const char *method;
    const char *url;
    const char *const *headers;     /* "Name: value" strings */
    size_t header_count;
    const void *body;
    size_t body_length;
    long timeout_ms;
    long connect_timeout_ms;
    int no_body;                    /* HEAD-style request */
    const char *unix_socket;        /* connect to this unix socket instead of the URL's host (NULL: TCP) */
} slipway_http_request;

typedef struct {
    long status;
    char *body;
    size_t body_length;
    char *headers;                  /* raw header block, CRLF separated */
    size_t headers_length;
    char error[512];
} slipway_http_response;

/// Performs the request. Returns 0 on a completed exchange (any HTTP status),
/// or a non-zero code with `response->error` describing the transport failure.
int slipway_http_perform(const slipway_http_request *request, slipway_http_response *response);

/// Frees the buffers of a response filled by `slipway_http_perform`.
void slipway_http_response_free(slipway_http_response *response);

#endif
