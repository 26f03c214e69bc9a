#ifndef SLIPWAY_SPAWN_INTERNAL_H
#define SLIPWAY_SPAWN_INTERNAL_H
/* Helpers shared by the spawn functions; all async-signal-safe, for use between fork and exec. */

/* Writes `err` to `report_fd` (when >= 0) and exits 127. */
void slipway_child_fail(int report_fd, int err);
/* Default dispositions for every signal and an empty mask. */
void slipway_reset_signals(void);
/* Places `fd` at `target`, opening /dev/null for -1. */
int slipway_place_fd(int fd, int target);
/* The report pipe's write end, moved above 0..2 when it sits there (exits 127 if it cannot be). */
int slipway_lift_report_fd(int report_fd);
/* Places `in`, `out` and `err` at 0, 1 and 2 (-1: /dev/null), lifting any of them that sits
   where another must go first; -1 with errno on failure. */
int slipway_place_standard_fds(int in, int out, int err);
/* Closes every descriptor from 3 up except `a` and `b` (-1 for none). */
void slipway_close_all_but(int a, int b);

/* Runs `child(argument)` in a child that shares the caller's memory on a stack of its own (as
   posix_spawn does: no page table is copied), with every signal blocked until the child resets
   them; returns once the child has exec'd or exited (CLONE_VFORK): its pid, or -1 with errno.
   The child may only make system calls; it must start with slipway_reset_signals. */
pid_t slipway_clone_vfork(int (*child)(void *), void *argument);

/* The parent's side: reads the child's report pipe until exec closes it; on a reported errno,
   reaps the child and returns -1 with *error_number set, else returns `pid`. */
pid_t slipway_await_spawn(int report_read, pid_t pid, int *error_number);

#endif
