// Elementwise real functions of one contiguous tensor (Tensor+Unary.swift): the same libm
// calls and comparisons as the Swift closures they replace, element for element, in plain
// loops (the closures were called through a thunk per element, and relu's branch on the
// sign mispredicted: relu took 10 ns an element). The ops without libm calls (relu, abs,
// rounding, …) run kernels.c's builds for the CPU's vector width; tanh, and in single
// precision exp, sin, cos, sigmoid and GELU, its vectorised approximations.
#include "nos_kernels.h"
#include <math.h>

// y[i] = EXPR for every i, then leave the switch.
#define EACH(EXPR) for (ptrdiff_t i = 0; i < n; i++) y[i] = (EXPR); break

#define UNARY_CASES(T, F)                                                                  \
  switch (op) {                                                                            \
    case NOS_UNARY_EXP: EACH(exp##F(x[i]));                                                \
    case NOS_UNARY_LOG: EACH(log##F(x[i]));                                                \
    case NOS_UNARY_SIN: EACH(sin##F(x[i]));                                                \
    case NOS_UNARY_COS: EACH(cos##F(x[i]));                                                \
    case NOS_UNARY_ERF: EACH(erf##F(x[i]));                                                \
    case NOS_UNARY_TAN: EACH(tan##F(x[i]));                                                \
    case NOS_UNARY_SINH: EACH(sinh##F(x[i]));                                              \
    case NOS_UNARY_COSH: EACH(cosh##F(x[i]));                                              \
    case NOS_UNARY_ASIN: EACH(asin##F(x[i]));                                              \
    case NOS_UNARY_ACOS: EACH(acos##F(x[i]));                                              \
    case NOS_UNARY_ATAN: EACH(atan##F(x[i]));                                              \
    case NOS_UNARY_LOG1P: EACH(log1p##F(x[i]));                                            \
    case NOS_UNARY_EXPM1: EACH(expm1##F(x[i]));                                            \
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

// x·Φ(x) = x(1 + erf(x/√2))/2 with libm's erf.
static void gelu_f64(const double *x, double *y, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * 0.7071067811865476));
}

int nos_unary_f32(int op, const float *x, float *y, ptrdiff_t n) {
  if (nos_unary_simple_f32(op, x, y, n)) return 1;
  switch (op) {
    case NOS_UNARY_TANH: nos_tanh_f32(x, y, n); return 1;
    case NOS_UNARY_GELU: nos_gelu_f32(x, y, n); return 1;
    case NOS_UNARY_EXP: nos_exp_f32(x, y, n); return 1;
    case NOS_UNARY_SIN: nos_sin_f32(x, y, n); return 1;
    case NOS_UNARY_COS: nos_cos_f32(x, y, n); return 1;
    case NOS_UNARY_SIGMOID: nos_sigmoid_f32(x, y, n); return 1;
  }
  UNARY_CASES(float, f)
}

int nos_unary_f64(int op, const double *x, double *y, ptrdiff_t n) {
  if (nos_unary_simple_f64(op, x, y, n)) return 1;
  switch (op) {
    case NOS_UNARY_TANH: nos_tanh_f64(x, y, n); return 1;
    case NOS_UNARY_GELU: gelu_f64(x, y, n); return 1;
  }
  UNARY_CASES(double, )
}

// g·(Φ(x) + x·φ(x)), φ(x) = e^(-x²/2)/√(2π).
void nos_gelu_backward_f64(const double *g, const double *x, double *z, ptrdiff_t n) {
  for (ptrdiff_t i = 0; i < n; i++) {
    const double v = x[i];
    z[i] = g[i] * (0.5 * (1 + erf(v * 0.7071067811865476))
                   + v * exp(-0.5 * v * v) * 0.3989422804014327);
  }
}
