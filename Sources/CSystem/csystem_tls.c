/* TLS via the system's OpenSSL 3, resolved with dlopen/dlsym at run time (issue 11): the binary has no
   link-time dependency on libssl and needs no libssl-dev to build. We declare the handful of functions we
   call with their OpenSSL 3 signatures; the macros we would use (SSL_set_tlsext_host_name,
   SSL_CTX_set_min_proto_version) are spelled out as the *_ctrl calls they expand to. */
#define _GNU_SOURCE
#include "csystem_tls.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <signal.h>
#include <time.h>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;

enum {
    SSL_VERIFY_NONE = 0, SSL_VERIFY_PEER = 1,
    SSL_ERROR_SSL = 1, SSL_ERROR_WANT_READ = 2, SSL_ERROR_WANT_WRITE = 3, SSL_ERROR_SYSCALL = 5,
    SSL_ERROR_ZERO_RETURN = 6,
    SSL_CTRL_SET_TLSEXT_HOSTNAME = 55, TLSEXT_NAMETYPE_host_name = 0,
    SSL_CTRL_SET_MIN_PROTO_VERSION = 123, TLS1_2_VERSION = 0x0303,
    X509_V_OK = 0,
};

static struct {
    const SSL_METHOD *(*TLS_client_method)(void);
    SSL_CTX *(*SSL_CTX_new)(const SSL_METHOD *);
    void (*SSL_CTX_free)(SSL_CTX *);
    long (*SSL_CTX_ctrl)(SSL_CTX *, int, long, void *);
    void (*SSL_CTX_set_verify)(SSL_CTX *, int, void *);
    int (*SSL_CTX_load_verify_locations)(SSL_CTX *, const char *, const char *);
    int (*SSL_CTX_set_default_verify_paths)(SSL_CTX *);
    SSL *(*SSL_new)(SSL_CTX *);
    void (*SSL_free)(SSL *);
    int (*SSL_set_fd)(SSL *, int);
    long (*SSL_ctrl)(SSL *, int, long, void *);
    int (*SSL_set1_host)(SSL *, const char *);
    X509_VERIFY_PARAM *(*SSL_get0_param)(SSL *);
    int (*X509_VERIFY_PARAM_set1_ip_asc)(X509_VERIFY_PARAM *, const char *);
    void (*SSL_set_connect_state)(SSL *);
    int (*SSL_do_handshake)(SSL *);
    int (*SSL_read)(SSL *, void *, int);
    int (*SSL_write)(SSL *, const void *, int);
    int (*SSL_pending)(const SSL *);
    int (*SSL_get_error)(const SSL *, int);
    int (*SSL_shutdown)(SSL *);
    long (*SSL_get_verify_result)(const SSL *);
    unsigned long (*ERR_get_error)(void);
    void (*ERR_error_string_n)(unsigned long, char *, size_t);
    void (*ERR_clear_error)(void);
    const char *(*X509_verify_cert_error_string)(long);
} ssl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

static void *open_first(const char *const *names) {
    for (; *names; names++) {
        void *handle = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
        if (handle) return handle;
    }
    return NULL;
}

#define RESOLVE(handle, name) \
    if (!(*(void **)&ssl.name = dlsym(handle, #name))) { \
        snprintf(load_error, sizeof load_error, "%s: symbol %s not found (OpenSSL 3 needed)", "libssl", #name); \
        return; }

static void load(void) {
    static const char *const libssl[] = {"libssl.so.3", "libssl.3.dylib", NULL};
    static const char *const libcrypto[] = {"libcrypto.so.3", "libcrypto.3.dylib", NULL};
    void *crypto = open_first(libcrypto);
    void *s = crypto ? open_first(libssl) : NULL;
    if (!s) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "libssl.so.3 could not be loaded (%s)", why ? why : "not found");
        return;
    }
    RESOLVE(s, TLS_client_method) RESOLVE(s, SSL_CTX_new) RESOLVE(s, SSL_CTX_free) RESOLVE(s, SSL_CTX_ctrl)
    RESOLVE(s, SSL_CTX_set_verify) RESOLVE(s, SSL_CTX_load_verify_locations)
    RESOLVE(s, SSL_CTX_set_default_verify_paths) RESOLVE(s, SSL_new) RESOLVE(s, SSL_free) RESOLVE(s, SSL_set_fd)
    RESOLVE(s, SSL_ctrl) RESOLVE(s, SSL_set1_host) RESOLVE(s, SSL_get0_param) RESOLVE(s, SSL_set_connect_state)
    RESOLVE(s, SSL_do_handshake) RESOLVE(s, SSL_read) RESOLVE(s, SSL_write) RESOLVE(s, SSL_pending)
    RESOLVE(s, SSL_get_error) RESOLVE(s, SSL_shutdown) RESOLVE(s, SSL_get_verify_result)
    RESOLVE(crypto, X509_VERIFY_PARAM_set1_ip_asc) RESOLVE(crypto, ERR_get_error)
    RESOLVE(crypto, ERR_error_string_n) RESOLVE(crypto, ERR_clear_error) RESOLVE(crypto, X509_verify_cert_error_string)
    loaded = 1;
}

int csystem_tls_load(char *error, size_t size) {
    pthread_once(&load_once, load);
    if (loaded) return 0;
    snprintf(error, size, "%s", load_error);
    return -1;
}

struct session { SSL_CTX *context; SSL *ssl; };

/* The queued OpenSSL errors (and a failed verification's reason) as one line. */
static void describe(struct session *s, const char *what, char *error, size_t size) {
    char reason[256] = "";
    unsigned long code = ssl.ERR_get_error();
    if (code) ssl.ERR_error_string_n(code, reason, sizeof reason);
    long verify = s && s->ssl ? ssl.SSL_get_verify_result(s->ssl) : X509_V_OK;
    if (verify != X509_V_OK)
        snprintf(error, size, "%s: certificate verification failed: %s", what, ssl.X509_verify_cert_error_string(verify));
    else
        snprintf(error, size, "%s: %s", what, reason[0] ? reason : "unknown OpenSSL error");
    ssl.ERR_clear_error();
}

static int is_address(const char *host) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, host, buffer) == 1 || inet_pton(AF_INET6, host, buffer) == 1;
}

void *csystem_tls_new(int fd, int verify, const char *ca_file, const char *host, int check_host,
                      char *error, size_t size) {
    if (csystem_tls_load(error, size) != 0) return NULL;
    struct session *s = calloc(1, sizeof *s);
    if (!s) { snprintf(error, size, "out of memory"); return NULL; }
    ssl.ERR_clear_error();
    if (!(s->context = ssl.SSL_CTX_new(ssl.TLS_client_method()))) { describe(s, "SSL_CTX_new", error, size); goto fail; }
    ssl.SSL_CTX_ctrl(s->context, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL);
    ssl.SSL_CTX_set_verify(s->context, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    if (verify) {
        int ok = ca_file ? ssl.SSL_CTX_load_verify_locations(s->context, ca_file, NULL)
                         : ssl.SSL_CTX_set_default_verify_paths(s->context);
        if (!ok) { describe(s, ca_file ? ca_file : "system certificate store", error, size); goto fail; }
    }
    if (!(s->ssl = ssl.SSL_new(s->context))) { describe(s, "SSL_new", error, size); goto fail; }
    if (!ssl.SSL_set_fd(s->ssl, fd)) { describe(s, "SSL_set_fd", error, size); goto fail; }
    if (host && !is_address(host))
        ssl.SSL_ctrl(s->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)host);
    if (host && check_host) {
        int ok = is_address(host) ? ssl.X509_VERIFY_PARAM_set1_ip_asc(ssl.SSL_get0_param(s->ssl), host)
                                  : ssl.SSL_set1_host(s->ssl, host);
        if (!ok) { describe(s, "host name check", error, size); goto fail; }
    }
    ssl.SSL_set_connect_state(s->ssl);
    return s;
fail:
    if (s->ssl) ssl.SSL_free(s->ssl);
    if (s->context) ssl.SSL_CTX_free(s->context);
    free(s);
    return NULL;
}

/* OpenSSL writes to the socket with write(2), which raises SIGPIPE when the server has gone: a process
   that does not ignore SIGPIPE (the CLI) would die. As libpq does, SIGPIPE is blocked in this thread around
   each OpenSSL call, and one raised by that call is consumed before the mask is restored. */
typedef struct { sigset_t old; int was_pending; } sigpipe_guard;

static void block_sigpipe(sigpipe_guard *g) {
    sigset_t pipe_only, pending;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &g->old);
    sigpending(&pending);
    g->was_pending = sigismember(&pending, SIGPIPE);
}

static void restore_sigpipe(sigpipe_guard *g) {
    sigset_t pending;
    sigpending(&pending);
    if (!g->was_pending && sigismember(&pending, SIGPIPE)) {
        sigset_t pipe_only;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_only, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* Maps an SSL_* return value to our convention. */
static int outcome(struct session *s, int result, const char *what, char *error, size_t size) {
    if (result > 0) return result;
    switch (ssl.SSL_get_error(s->ssl, result)) {
    case SSL_ERROR_WANT_READ: return -2;
    case SSL_ERROR_WANT_WRITE: return -3;
    case SSL_ERROR_ZERO_RETURN: return 0;
    case SSL_ERROR_SYSCALL:
        if (ssl.ERR_get_error() == 0) { snprintf(error, size, "%s: connection closed by the server", what); return -1; }
        /* fall through */
    default:
        describe(s, what, error, size);
        return -1;
    }
}

int csystem_tls_handshake(void *session, char *error, size_t size) {
    struct session *s = session;
    ssl.ERR_clear_error();
    sigpipe_guard g;
    block_sigpipe(&g);
    int r = outcome(s, ssl.SSL_do_handshake(s->ssl), "TLS handshake", error, size);
    restore_sigpipe(&g);
    if (r == 0) { snprintf(error, size, "TLS handshake: connection closed by the server"); return -1; }
    return r > 0 ? 0 : r;
}

int csystem_tls_read(void *session, void *buffer, int length, char *error, size_t size) {
    struct session *s = session;
    ssl.ERR_clear_error();
    sigpipe_guard g;
    block_sigpipe(&g);
    int r = outcome(s, ssl.SSL_read(s->ssl, buffer, length), "TLS read", error, size);
    restore_sigpipe(&g);
    return r;
}

int csystem_tls_write(void *session, const void *buffer, int length, char *error, size_t size) {
    struct session *s = session;
    ssl.ERR_clear_error();
    sigpipe_guard g;
    block_sigpipe(&g);
    int r = outcome(s, ssl.SSL_write(s->ssl, buffer, length), "TLS write", error, size);
    restore_sigpipe(&g);
    if (r == 0) { snprintf(error, size, "TLS write: connection closed by the server"); return -1; }
    return r;
}

int csystem_tls_pending(void *session) {
    return ssl.SSL_pending(((struct session *)session)->ssl);
}

void csystem_tls_free(void *session) {
    struct session *s = session;
    if (!s) return;
    sigpipe_guard g;
    block_sigpipe(&g);
    ssl.SSL_shutdown(s->ssl);
    restore_sigpipe(&g);
    ssl.ERR_clear_error();
    ssl.SSL_free(s->ssl);
    ssl.SSL_CTX_free(s->context);
    free(s);
}
