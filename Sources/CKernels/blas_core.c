// OpenBLAS's kernels for the CPU nos runs on. A DYNAMIC_ARCH OpenBLAS (Debian's) picks its
// kernels by CPU model when it loads; a model newer than the library (Debian 12's 0.3.21 on
// Intel's Emerald Rapids, seen here) falls back to "Prescott", SSE3 kernels without AVX or
// FMA, and every matrix product runs at a fraction of the machine's speed (a training step
// of lsm(width=32) on 20 fields of 85 x 85, 2 cores: 4.2 s with Prescott's sgemm, 2.6 s
// with SkylakeX's). When that happens on a CPU with AVX2 and FMA, this file has OpenBLAS
// choose again, once, as the program loads (before any product runs): SkylakeX's kernels
// with AVX-512, else Haswell's. Only when the user has not set OPENBLAS_CORETYPE (their
// choice stands), and only through OpenBLAS's own entry points, looked up by name, so
// another BLAS or a non-dynamic OpenBLAS is left alone.
#define _GNU_SOURCE
#include "nos_kernels.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <strings.h>

typedef char *(*blas_name_fn)(void);
typedef void (*blas_void_fn)(void);

static const char *blas_core(void) {
  blas_name_fn name = (blas_name_fn)dlsym(RTLD_DEFAULT, "openblas_get_corename");
  return name ? name() : NULL;
}

// OpenBLAS's cores whose kernels have neither AVX2 nor FMA: its fallbacks for a model it
// does not know ("Prescott" for Intel, "Barcelona" for AMD) and the older cores.
static int core_lacks_avx2(const char *core) {
  static const char *old[] = {"Unknown", "Katmai",   "Coppermine", "Northwood", "Prescott",
                              "Banias",  "Atom",     "Core2",      "Penryn",    "Dunnington",
                              "Nehalem", "Athlon",   "Opteron",    "Opteron_SSE3",
                              "Barcelona", "Nano",   "Sandybridge", "Bobcat"};
  for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
    if (strcasecmp(core, old[i]) == 0) return 1;
  return 0;
}

// The best of OpenBLAS's cores this CPU (and its OS: the compiler's checks include the
// saved vector state) can run, or NULL when it has no AVX2 and FMA.
static const char *core_for_this_cpu(void) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return NULL;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  return "Haswell";
}

int nos_cpu_has_avx2_fma(void) { return core_for_this_cpu() != NULL; }

const char *nos_blas_core(void) { return blas_core(); }

// Runs as the program loads, after the libraries it links (OpenBLAS among them) have
// initialised and before main.
__attribute__((constructor)) static void nos_blas_choose_core(void) {
  if (getenv("OPENBLAS_CORETYPE")) return;
  blas_void_fn quit = (blas_void_fn)dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
  blas_void_fn init = (blas_void_fn)dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
  const char *now = blas_core();
  const char *want = core_for_this_cpu();
  if (!quit || !init || !now || !want || !core_lacks_avx2(now)) return;
  // gotoblas_dynamic_init reads OPENBLAS_CORETYPE; the variable is removed again so that
  // programs nos starts (python, gnuplot) see the environment the user gave.
  setenv("OPENBLAS_CORETYPE", want, 1);
  quit();
  init();
  unsetenv("OPENBLAS_CORETYPE");
}
