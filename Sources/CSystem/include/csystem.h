#ifndef CSYSTEM_H
#define CSYSTEM_H
/* What `import Glibc` can't reach from Swift. Keep it under 100 lines. */
int csystem_placeholder(void);
#endif
