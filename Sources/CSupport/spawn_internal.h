#ifndef SLIPWAY_SPAWN_INTERNAL_H
#define SLIPWAY_SPAWN_INTERNAL_H
/* Helpers shared by the spawn functions; all async-signal-safe, for use between fork and exec. */

/* Writes `err` to `report_fd` (when >= 0) and exits 127. */
void slipway_child_fail(int report_fd, int err);
/* Default dispositions for every signal and an empty mask. */
void slipway_reset_signals(void);
/* Places `fd` at `target`, opening /dev/null for -1. */
int slipway_place_fd(int fd, int target);
/* Closes every descriptor from 3 up except `a` and `b` (-1 for none). */
void slipway_close_all_but(int a, int b);

/* The parent's side: reads the child's report pipe until exec closes it; on a reported errno,
   reaps the child and returns -1 with *error_number set, else returns `pid`. */
pid_t slipway_await_spawn(int report_read, pid_t pid, int *error_number);

#endif
