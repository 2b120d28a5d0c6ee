// LAPACKE's C interface to LAPACK (LU factorisation, solves, inverses).
// Swift does not import C's _Complex, so complex scalars are plain structs with the same layout.
typedef struct { float re, im; } nos_complex_float;
typedef struct { double re, im; } nos_complex_double;
#define lapack_complex_float nos_complex_float
#define lapack_complex_double nos_complex_double
#include <lapacke.h>
