#ifndef CSYSTEM_TLS_H
#define CSYSTEM_TLS_H
/* TLS through the system's OpenSSL 3, loaded with dlopen on first use: no headers, no link-time
   dependency. Only the few functions called here are declared (in csystem_tls.c).
   Every call that can fail writes a human-readable reason into `error` (size `size`). */
#include <stddef.h>

/* Loads libssl.so.3 and libcrypto.so.3 once. 0 on success, -1 (and the reason) when unavailable. */
int csystem_tls_load(char *error, size_t size);

/* A client session on the connected socket `fd`. verify: 0 none, 1 the chain against `ca_file`
   (NULL = the system's default store). `host`: sent as SNI when it is a name, and checked against the
   certificate (SAN/CN, or IP SAN for an address) when check_host is 1. NULL on failure. */
void *csystem_tls_new(int fd, int verify, const char *ca_file, const char *host, int check_host,
                      char *error, size_t size);

/* Results of handshake/read/write: >= 0 done (bytes for read/write; 0 from read = clean close),
   -2 wants the socket readable, -3 wants it writable, -1 failed (reason in error). */
int csystem_tls_handshake(void *session, char *error, size_t size);
int csystem_tls_read(void *session, void *buffer, int length, char *error, size_t size);
int csystem_tls_write(void *session, const void *buffer, int length, char *error, size_t size);
int csystem_tls_pending(void *session);
/* Sends close_notify (best effort, never blocks long: the socket is non-blocking) and frees the session. */
void csystem_tls_free(void *session);
#endif
