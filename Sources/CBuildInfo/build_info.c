// The commit recorded by scripts/lib/setup.sh in nos_commit.h (ignored by git) before each
// release build; a plain `swift build` without it reports "unknown".
#include "nos_build_info.h"

#if __has_include("nos_commit.h")
#include "nos_commit.h"
#endif
#ifndef NOS_COMMIT
#define NOS_COMMIT "unknown"
#endif

const char *nos_build_commit(void) { return NOS_COMMIT; }
