#ifndef CSYSTEM_H
#define CSYSTEM_H
/* What `import Glibc` can't reach: GNU-only calls, the variadic syscall(), Linux headers the Glibc
   module lacks (signalfd, timerfd). Errors: -1 and errno, except the spawn ones (return the errno). */
#include <sys/types.h>
#include <spawn.h>
#ifdef __linux__
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#endif
int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path); /* glibc 2.29+ */
int csystem_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);     /* glibc 2.34+ */
short csystem_spawn_setsid_flag(void);                /* POSIX_SPAWN_SETSID, 0 if missing */
int csystem_pipe2(int fds[2], int flags);             /* O_CLOEXEC, O_NONBLOCK */
int csystem_accept_cloexec(int fd);                   /* accept4(SOCK_CLOEXEC) */
int csystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid); /* SO_PEERCRED */
int csystem_pidfd_open(pid_t pid, unsigned int flags); /* Linux 5.3+, else ENOSYS */
int csystem_set_timer_slack(unsigned long nanoseconds); /* prctl(PR_SET_TIMERSLACK), else ENOSYS */
long csystem_get_timer_slack(void);                      /* prctl(PR_GET_TIMERSLACK), else -1/ENOSYS */
int csystem_malloc_trim(void);                        /* glibc malloc_trim(0); 0 elsewhere */
/* stdio's stdout/stderr are C globals Swift 6 refuses to touch (shared mutable state): reached here. */
int csystem_stdout_buffer(size_t bytes);              /* setvbuf(stdout, NULL, _IOFBF, bytes) */
int csystem_stdout_flush(void);                       /* fflush(stdout) */
int csystem_stderr_write(const char *text);           /* fputs(text, stderr) */
#endif
