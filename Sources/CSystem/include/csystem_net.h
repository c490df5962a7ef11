#ifndef CSYSTEM_NET_H
#define CSYSTEM_NET_H
/* Network and randomness helpers for the PostgreSQL client (issue 11). Errors: -1 and errno. */
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>

ssize_t csystem_getrandom(void *buffer, size_t length);          /* getrandom(2), flags 0 */
int csystem_socket_cloexec_nonblock(int domain, int type);       /* socket(SOCK_CLOEXEC|SOCK_NONBLOCK) */
int csystem_socket_error(int fd);                                /* getsockopt(SO_ERROR): the pending error */
int csystem_set_tcp_nodelay(int fd);                             /* setsockopt(TCP_NODELAY, 1) */
int csystem_set_keepalive(int fd);                               /* setsockopt(SO_KEEPALIVE, 1) */
ssize_t csystem_send_nosignal(int fd, const void *buffer, size_t length); /* send(MSG_NOSIGNAL) */
/* getaddrinfo(3) for SOCK_STREAM; 0 or an EAI_* code (errno set for EAI_SYSTEM). */
int csystem_getaddrinfo_stream(const char *host, const char *port, struct addrinfo **result);
#endif
