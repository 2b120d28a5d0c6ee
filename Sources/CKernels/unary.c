// Elementwise real functions of one contiguous tensor (Tensor+Unary.swift): the same libm
// calls and comparisons as the Swift closures they replace, element for element, in plain
// loops (the closures were called through a thunk per element, and relu's branch on the
// sign mispredicted: relu took 10 ns an element).
#include "nos_kernels.h"
#include <math.h>

#define UNARY_CASES(T, F)                                                                  \
  switch (op) {                                                                            \
    case NOS_UNARY_NEG: for (ptrdiff_t i = 0; i < n; i++) y[i] = -x[i]; break;             \
    case NOS_UNARY_ABS: for (ptrdiff_t i = 0; i < n; i++) y[i] = fabs##F(x[i]); break;     \
    case NOS_UNARY_SQRT: for (ptrdiff_t i = 0; i < n; i++) y[i] = sqrt##F(x[i]); break;    \
    case NOS_UNARY_SQUARE: for (ptrdiff_t i = 0; i < n; i++) y[i] = x[i] * x[i]; break;    \
    case NOS_UNARY_RECIPROCAL: for (ptrdiff_t i = 0; i < n; i++) y[i] = 1 / x[i]; break;   \
    case NOS_UNARY_EXP: for (ptrdiff_t i = 0; i < n; i++) y[i] = exp##F(x[i]); break;      \
    case NOS_UNARY_LOG: for (ptrdiff_t i = 0; i < n; i++) y[i] = log##F(x[i]); break;      \
    case NOS_UNARY_SIN: for (ptrdiff_t i = 0; i < n; i++) y[i] = sin##F(x[i]); break;      \
    case NOS_UNARY_COS: for (ptrdiff_t i = 0; i < n; i++) y[i] = cos##F(x[i]); break;      \
    case NOS_UNARY_ERF: for (ptrdiff_t i = 0; i < n; i++) y[i] = erf##F(x[i]); break;      \
    case NOS_UNARY_RELU:                                                                   \
      for (ptrdiff_t i = 0; i < n; i++) {                                                  \
        const T v = x[i];                                                                  \
        y[i] = v > 0 ? v : (v != v ? v : 0);                                               \
      }                                                                                    \
      break;                                                                               \
    case NOS_UNARY_SIGMOID: /* 1/(1 + e^-x) for x ≥ 0, e^x/(1 + e^x) below */              \
      for (ptrdiff_t i = 0; i < n; i++) {                                                  \
        const T v = x[i];                                                                  \
        if (v >= 0) {                                                                      \
          y[i] = 1 / (1 + exp##F(-v));                                                     \
        } else {                                                                           \
          const T e = exp##F(v);                                                           \
          y[i] = e / (1 + e);                                                              \
        }                                                                                  \
      }                                                                                    \
      break;                                                                               \
    case NOS_UNARY_SOFTPLUS: /* max(x, 0) + log1p(e^-|x|), max as Swift.max(x, 0) */       \
      for (ptrdiff_t i = 0; i < n; i++) {                                                  \
        const T v = x[i];                                                                  \
        y[i] = (0 >= v ? (T)0 : v) + log1p##F(exp##F(-fabs##F(v)));                        \
      }                                                                                    \
      break;                                                                               \
    default: return 0;                                                                     \
  }                                                                                        \
  return 1;

int nos_unary_f32(int op, const float *x, float *y, ptrdiff_t n) { UNARY_CASES(float, f) }
int nos_unary_f64(int op, const double *x, double *y, ptrdiff_t n) { UNARY_CASES(double, ) }
