// jemalloc (Debian's libjemalloc-dev), found through pkg-config `jemalloc`. Linked into the
// executables, its malloc replaces glibc's for the whole process: Swift, NIO, SQLite and Lua
// all allocate through it. Only its control interface is declared here; <jemalloc/jemalloc.h>
// would declare malloc and free a second time beside <stdlib.h>.
#include <stddef.h>

int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
