#define _GNU_SOURCE  /* pipe2, accept4, struct ucred, posix_spawn_*_np, POSIX_SPAWN_SETSID */
#include <stdio.h>
#include "csystem.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/socket.h>
#include <sys/un.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
#if defined(__APPLE__) || (defined(__GLIBC__) && __GLIBC_PREREQ(2, 29))
    return posix_spawn_file_actions_addchdir_np(actions, path);
#else
    (void)actions; (void)path; return ENOSYS;
#endif
}

int csystem_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 34)
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions; (void)from; return ENOSYS;
#endif
}

short csystem_spawn_setsid_flag(void) {
#ifdef POSIX_SPAWN_SETSID
    return POSIX_SPAWN_SETSID;
#else
    return 0;
#endif
}

#ifndef __linux__
/* Without pipe2/accept4 the flags are set just after: racy against a concurrent spawn. */
static int set_flags(int fd, int flags) {
    if ((flags & O_CLOEXEC) && fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) return -1;
    if ((flags & O_NONBLOCK) && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1) return -1;
    return 0;
}
#endif

int csystem_pipe2(int fds[2], int flags) {
#ifdef __linux__
    return pipe2(fds, flags);
#else
    if (pipe(fds) == -1) return -1;
    if (set_flags(fds[0], flags) == 0 && set_flags(fds[1], flags) == 0) return 0;
    int saved = errno; close(fds[0]); close(fds[1]); errno = saved; return -1;
#endif
}

int csystem_accept_cloexec(int fd) {
#ifdef __linux__
    return accept4(fd, NULL, NULL, SOCK_CLOEXEC);
#else
    int c = accept(fd, NULL, NULL);
    if (c == -1 || set_flags(c, O_CLOEXEC) == 0) return c;
    int saved = errno; close(c); errno = saved; return -1;
#endif
}

int csystem_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid) {
#ifdef __linux__
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) return -1;
    *pid = cred.pid; *uid = cred.uid; *gid = cred.gid;
    return 0;
#else
    socklen_t len = sizeof(*pid);
    *pid = 0;
    if (getpeereid(fd, uid, gid) == -1) return -1;
    (void)getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, pid, &len);
    return 0;
#endif
}

int csystem_pidfd_open(pid_t pid, unsigned int flags) {
#if defined(__linux__) && defined(SYS_pidfd_open)
    return (int)syscall(SYS_pidfd_open, pid, flags);
#else
    (void)pid; (void)flags; errno = ENOSYS; return -1;
#endif
}

long csystem_get_timer_slack(void) {
#ifdef __linux__
    return prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
#else
    errno = ENOSYS; return -1;
#endif
}

int csystem_set_timer_slack(unsigned long nanoseconds) {
#ifdef __linux__
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
#else
    (void)nanoseconds; errno = ENOSYS; return -1;
#endif
}

int csystem_malloc_trim(void) {
#ifdef __GLIBC__
    return malloc_trim(0);
#else
    return 0;
#endif
}

int csystem_stdout_buffer(size_t bytes) { return setvbuf(stdout, NULL, _IOFBF, bytes); }
int csystem_stdout_flush(void) { return fflush(stdout); }
int csystem_stderr_write(const char *text) { return fputs(text, stderr); }
