/* The lateness probe: right after exec it appends "$SCHEDULER_SCHEDULED_AT <CLOCK_REALTIME ns>" to
 * argv[1]. On x86_64 Linux it is freestanding (run.sh builds it with -nostdlib -static): static glibc's
 * start-up runs cpuid, which traps to the hypervisor in a VM and would add its own lateness to the
 * figure. Elsewhere it is a plain libc program. */
#if defined(__x86_64__) && defined(__linux__) && defined(STAMP_FREESTANDING)
typedef unsigned long u64;
struct ts { long sec, nsec; };

static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

static int prefix(const char *s, const char *p) { while (*p) if (*s++ != *p++) return 0; return 1; }

static char *put_u64(char *p, u64 v) {
    char tmp[24]; int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

__attribute__((used)) void stamp_main(long *sp) {
    struct ts t;
    sys(228, 0, (long)&t, 0);  /* clock_gettime(CLOCK_REALTIME) first */
    long argc = sp[0];
    char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
    const char *slot = "?";
    for (char **e = envp; *e; e++) if (prefix(*e, "SCHEDULER_SCHEDULED_AT=")) slot = *e + 23;
    char line[128], *p = line;
    while (*slot && p < line + 80) *p++ = *slot++;
    *p++ = ' ';
    p = put_u64(p, (u64)t.sec * 1000000000UL + (u64)t.nsec);
    *p++ = '\n';
    long status = 2;
    if (argc >= 2) {
        long fd = sys(2, (long)argv[1], 02 | 02000 | 0100 | 02000000, 0600);  /* open O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC */
        status = fd < 0 || sys(1, fd, (long)line, p - line) != p - line;
    }
    sys(60, status, 0, 0);  /* exit */
}

__asm__(".globl _start\n_start:\n mov %rsp, %rdi\n and $-16, %rsp\n call stamp_main\n hlt\n");
#else
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (argc < 2) return 2;
    const char *slot = getenv("SCHEDULER_SCHEDULED_AT");
    char line[128];
    int n = snprintf(line, sizeof line, "%s %lld\n", slot ? slot : "?", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, line, (size_t)n) != n) return 1;
    return close(fd) == 0 ? 0 : 1;
}
#endif
