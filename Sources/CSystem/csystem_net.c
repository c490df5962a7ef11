#define _GNU_SOURCE
#include "csystem_net.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

ssize_t csystem_getrandom(void *buffer, size_t length) {
#if defined(__linux__) && defined(SYS_getrandom)
    return syscall(SYS_getrandom, buffer, length, 0);
#else
    return getentropy(buffer, length > 256 ? 256 : length) == 0 ? (ssize_t)(length > 256 ? 256 : length) : -1;
#endif
}

int csystem_socket_cloexec_nonblock(int domain, int type) {
#ifdef SOCK_CLOEXEC
    return socket(domain, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
#else
    int fd = socket(domain, type, 0);
    if (fd < 0) return -1;
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
        int saved = errno; close(fd); errno = saved; return -1;
    }
    return fd;
#endif
}

int csystem_socket_error(int fd) {
    int value = 0;
    socklen_t length = sizeof value;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) < 0) return -1;
    return value;
}

int csystem_set_tcp_nodelay(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int csystem_set_keepalive(int fd) {
    int one = 1;
    return setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
}

ssize_t csystem_send_nosignal(int fd, const void *buffer, size_t length) {
#ifdef MSG_NOSIGNAL
    return send(fd, buffer, length, MSG_NOSIGNAL);
#else
    return send(fd, buffer, length, 0);
#endif
}

int csystem_getaddrinfo_stream(const char *host, const char *port, struct addrinfo **result) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    return getaddrinfo(host, port, &hints, result);
}
