// Vectorisable elementwise kernels. Each is compiled for AVX-512, AVX2 and the baseline,
// and the first call picks the best one the CPU supports.
#include "nos_kernels.h"
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))
#define AVX2 __attribute__((target("avx2,fma")))

// 2: AVX-512, 1: AVX2 with FMA, 0: baseline. Decided on first use; kernels run on several
// threads, so the cached level is an atomic (a plain static was a data race: undefined
// behaviour, and a ThreadSanitizer report). Every thread computes the same value, so
// relaxed ordering is enough.
static int simd_level(void) {
  static _Atomic int cached = -1;
  int level = atomic_load_explicit(&cached, memory_order_relaxed);
  if (level < 0) {
    __builtin_cpu_init();
    level = (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
             && __builtin_cpu_supports("avx512vl")) ? 2
          : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
    atomic_store_explicit(&cached, level, memory_order_relaxed);
  }
  return level;
}

// Defines NAME for each instruction set from one loop body and a dispatcher NAME.
#define KERNEL(NAME, ARGS, CALL, BODY)                   \
  AVX512 static void NAME##_avx512 ARGS BODY             \
  AVX2 static void NAME##_avx2 ARGS BODY                 \
  static void NAME##_base ARGS BODY                      \
  void NAME ARGS {                                       \
    switch (simd_level()) {                              \
      case 2: NAME##_avx512 CALL; break;                 \
      case 1: NAME##_avx2 CALL; break;                   \
      default: NAME##_base CALL;                         \
    }                                                    \
  }

// e^y for |y| <= 708 (tanh calls it on 0..45), about 1 ulp: y = k ln2 + r, |r| <= ln2/2,
// degree-12 Taylor in r; k + 1023 goes straight into the exponent bits.
static inline __attribute__((always_inline)) double exp_f64(double y) {
  const double magic = 6755399441055744.0;  // 1.5 * 2^52: rounds k into the low bits
  double t = y * 1.4426950408889634 + magic;
  double k = t - magic;
  double r = (y - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
  double p = 2.08767569878680989792e-09;
  p = p * r + 2.50521083854417187751e-08;
  p = p * r + 2.75573192239858906526e-07;
  p = p * r + 2.75573192239858906526e-06;
  p = p * r + 2.48015873015873015873e-05;
  p = p * r + 1.98412698412698412698e-04;
  p = p * r + 1.38888888888888888889e-03;
  p = p * r + 8.33333333333333333333e-03;
  p = p * r + 4.16666666666666666667e-02;
  p = p * r + 1.66666666666666666667e-01;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  uint64_t bits;
  memcpy(&bits, &t, 8);
  bits = (bits + 1023) << 52;
  double scale;
  memcpy(&scale, &bits, 8);
  return p * scale;
}

// tanh to about 2 ulp: Cephes' rational form for |x| < 0.625, 1 - 2/(e^{2|x|} + 1) beyond.
static inline __attribute__((always_inline)) double tanh_one(double x) {
  double a = fabs(x);
  double z = x * x;
  double num = (-9.64399179425052238628e-1 * z - 9.92877231001918586564e1) * z
               - 1.61468768441708447952e3;
  double den = ((z + 1.12811678491632931402e2) * z + 2.23548839060100448583e3) * z
               + 4.84406305325125486048e3;
  double small = x + x * (z * num / den);
  double e = exp_f64(2 * (a < 22 ? a : 22));
  double big = copysign(1 - 2 / (e + 1), x);
  double r = a < 0.625 ? small : big;
  r = x == 0 ? x : r;
  return a != a ? x : r;  // NaN stays NaN
}

KERNEL(nos_tanh_f64, (const double *x, double *y, ptrdiff_t n), (x, y, n), {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = tanh_one(x[i]);
})

// e^y in single precision for -87 <= y <= 88 (callers clamp): 2^k·P(r) with r = y - k·ln 2
// in two parts and Cephes' expf polynomial; k goes straight into the exponent bits.
static inline __attribute__((always_inline)) float exp_f32(float y) {
  const float magic = 12582912.0f;  // 1.5 * 2^23: rounds k into the low bits
  float t = y * 1.44269504f + magic;
  float k = t - magic;
  float r = (y - k * 0.693359375f) + k * 2.12194440e-4f;
  float p = 1.98756915e-4f;
  p = p * r + 1.39819994e-3f;
  p = p * r + 8.33345205e-3f;
  p = p * r + 4.16657962e-2f;
  p = p * r + 0.166666657f;
  p = p * r + 0.5f;
  p = p * r * r + r + 1.0f;
  uint32_t bits;
  memcpy(&bits, &t, 4);
  bits = (bits + 127) << 23;
  float scale;
  memcpy(&scale, &bits, 4);
  return p * scale;
}

// Single precision throughout (twice the lanes): Cephes' tanhf polynomial for |x| < 0.625,
// else 1 - 2/(e^{2|x|} + 1); |x| ≥ 9 rounds to ±1 in float.
static inline __attribute__((always_inline)) float tanh_one_f32(float x) {
  float a = fabsf(x);
  float z = x * x;
  float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z
                  + 1.33314422036e-1f) * z - 3.33332819422e-1f) * z * x + x;
  float e = exp_f32(2 * (a < 9 ? a : 9));
  float big = copysignf(1 - 2 / (e + 1), x);
  float out = a < 0.625f ? small : big;
  out = x == 0 ? x : out;
  return a != a ? x : out;
}

KERNEL(nos_tanh_f32, (const float *x, float *y, ptrdiff_t n), (x, y, n), {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = tanh_one_f32(x[i]);
})

// The unary ops without libm calls, one loop each (unary.c's are built for the baseline
// instruction set): IEEE operations that round alike on every instruction set, so AVX2's
// build gives the same bits. Sets *done to 0 for any other op.
// y[i] = EXPR for every i, then leave the switch.
#define EACH(EXPR) for (ptrdiff_t i = 0; i < n; i++) y[i] = (EXPR); break

#define SIMPLE_UNARY(T, F)                                                                 \
  {                                                                                        \
    *done = 1;                                                                             \
    switch (op) {                                                                          \
      case NOS_UNARY_NEG: EACH(-x[i]);                                                     \
      case NOS_UNARY_ABS: EACH(fabs##F(x[i]));                                             \
      case NOS_UNARY_SQRT: EACH(sqrt##F(x[i]));                                            \
      case NOS_UNARY_SQUARE: EACH(x[i] * x[i]);                                            \
      case NOS_UNARY_RECIPROCAL: EACH(1 / x[i]);                                           \
      case NOS_UNARY_FLOOR: EACH(floor##F(x[i]));                                          \
      case NOS_UNARY_CEIL: EACH(ceil##F(x[i]));                                            \
      /* halves to even: rint in the default rounding mode, which nos never changes */     \
      case NOS_UNARY_ROUND: EACH(rint##F(x[i]));                                           \
      case NOS_UNARY_SIGN: /* -0 and NaN stay as they are */                               \
        for (ptrdiff_t i = 0; i < n; i++) {                                                \
          const T v = x[i];                                                                \
          y[i] = v > 0 ? (T)1 : (v < 0 ? (T)-1 : v);                                       \
        }                                                                                  \
        break;                                                                             \
      case NOS_UNARY_RELU: /* NaN stays NaN, -0 gives +0 */                                \
        for (ptrdiff_t i = 0; i < n; i++) {                                                \
          const T v = x[i];                                                                \
          y[i] = v > 0 ? v : (v != v ? v : 0);                                             \
        }                                                                                  \
        break;                                                                             \
      default: *done = 0;                                                                  \
    }                                                                                      \
  }

KERNEL(unary_simple_f32, (int op, const float *x, float *y, ptrdiff_t n, int *done),
       (op, x, y, n, done), SIMPLE_UNARY(float, f))
KERNEL(unary_simple_f64, (int op, const double *x, double *y, ptrdiff_t n, int *done),
       (op, x, y, n, done), SIMPLE_UNARY(double, ))

int nos_unary_simple_f32(int op, const float *x, float *y, ptrdiff_t n) {
  int done;
  unary_simple_f32(op, x, y, n, &done);
  return done;
}

int nos_unary_simple_f64(int op, const double *x, double *y, ptrdiff_t n) {
  int done;
  unary_simple_f64(op, x, y, n, &done);
  return done;
}

// The fast single-precision functions below cover a range [lo, hi] in one vectorised pass and
// note whether any input fell outside (NaN included); a second, scalar pass then gives those
// elements libm's value. Typical tensors never take the second pass.
#define WITH_LIBM_OUTSIDE(NAME, LO, HI, FAST, LIBM)                                       \
  KERNEL(NAME##_fast, (const float *x, float *y, ptrdiff_t n, int *outside),              \
         (x, y, n, outside), {                                                            \
    int out = 0;                                                                          \
    for (ptrdiff_t i = 0; i < n; i++) {                                                   \
      const float v = x[i];                                                               \
      const int inside = v >= (LO) && v <= (HI); /* false for NaN */                      \
      out |= !inside;                                                                     \
      y[i] = FAST(inside ? v : 0.0f); /* replaced below; no NaN reaches an int cast */    \
    }                                                                                     \
    *outside = out;                                                                       \
  })                                                                                      \
  void NAME(const float *x, float *y, ptrdiff_t n) {                                      \
    int outside = 0;                                                                      \
    NAME##_fast(x, y, n, &outside);                                                       \
    if (outside)                                                                          \
      for (ptrdiff_t i = 0; i < n; i++)                                                   \
        if (!(x[i] >= (LO) && x[i] <= (HI))) y[i] = LIBM(x[i]);                           \
  }

// The single-precision functions below work in double and round once at the end: their
// error before that rounding is below 2^-42, so the float result is the correctly rounded
// one (libm's) except for inputs within 2^-42 of a rounding boundary. (Float polynomials
// were 1 ulp off often enough to move an adaptive f32 ODE solve's step choices.)

// e^x where the result is a normal float; expf for overflow and subnormal results.
static inline __attribute__((always_inline)) float exp_fast(float v) {
  return (float)exp_f64((double)v);
}
WITH_LIBM_OUTSIDE(nos_exp_f32, -87.0f, 88.0f, exp_fast, expf)

// 1/(1 + e^-x), as e^x/(1 + e^x) below 0 (no overflow, no cancellation); libm beyond ±87.
static inline __attribute__((always_inline)) float sigmoid_fast(float v) {
  double e = exp_f64(-fabs((double)v));  // e^-|v|
  return (float)((v >= 0 ? 1.0 : e) / (1.0 + e));
}
static float sigmoid_libm(float v) {
  if (v >= 0) return 1 / (1 + expf(-v));
  float e = expf(v);
  return e / (1 + e);
}
WITH_LIBM_OUTSIDE(nos_sigmoid_f32, -87.0f, 87.0f, sigmoid_fast, sigmoid_libm)

// sin and cos for |x| <= 8192: |x| = m·π/2 + r, |r| <= π/4, then the sin or cos series of r
// by the quadrant m; cos x = sin(|x| + π/2) is quadrant m + 1. |x| − k·0.78515625 (k = 2m)
// is exact in float and the rest of k·π/4 comes off in double, so r keeps its relative
// accuracy next to a multiple of π. Taylor series to r^13 and r^14: truncation below 2^-44.
static inline __attribute__((always_inline)) float sincos_f32(float x, int cosine) {
  float a = fabsf(x);
  int j = (int)(a * 1.27323954473516f);  // |x| / (π/4), rounded up to even below
  j += j & 1;
  float k = (float)j;
  double r = (double)(a - k * 0.78515625f) - (double)k * 2.4191339744830961566e-4;
  double z = r * r;
  double s = ((((((1.0 / 6227020800 * z - 1.0 / 39916800) * z + 1.0 / 362880) * z
                 - 1.0 / 5040) * z + 1.0 / 120) * z - 1.0 / 6) * z) * r + r;
  double c = ((((((1.0 / 87178291200 * z - 1.0 / 479001600) * z + 1.0 / 3628800) * z
                 - 1.0 / 40320) * z + 1.0 / 720) * z - 1.0 / 24) * z + 0.5) * -z + 1.0;
  int q = (j >> 1) + cosine;
  double v = (q & 1) ? c : s;
  int negative = ((q & 2) != 0) ^ (!cosine && x < 0);
  return (float)(negative ? -v : v);
}
static inline __attribute__((always_inline)) float sin_fast(float v) { return sincos_f32(v, 0); }
static inline __attribute__((always_inline)) float cos_fast(float v) { return sincos_f32(v, 1); }
WITH_LIBM_OUTSIDE(nos_sin_f32, -8192.0f, 8192.0f, sin_fast, sinf)
WITH_LIBM_OUTSIDE(nos_cos_f32, -8192.0f, 8192.0f, cos_fast, cosf)

// One loop per (operator, broadcast pattern), so each is a plain vectorisable stream.
#define BINARY_LOOPS(T)                                                              \
  {                                                                                  \
    if (sa == 1 && sb == 1) {                                                        \
      switch (op) {                                                                  \
        case 0: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] + b[i]; break;         \
        case 1: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] - b[i]; break;         \
        case 2: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] * b[i]; break;         \
        default: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] / b[i]; break;        \
      }                                                                              \
    } else if (sa == 1) {                                                            \
      T c = b[0];                                                                    \
      switch (op) {                                                                  \
        case 0: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] + c; break;            \
        case 1: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] - c; break;            \
        case 2: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] * c; break;            \
        default: for (ptrdiff_t i = 0; i < n; i++) z[i] = a[i] / c; break;           \
      }                                                                              \
    } else {                                                                         \
      T c = a[0];                                                                    \
      switch (op) {                                                                  \
        case 0: for (ptrdiff_t i = 0; i < n; i++) z[i] = c + b[i * sb]; break;       \
        case 1: for (ptrdiff_t i = 0; i < n; i++) z[i] = c - b[i * sb]; break;       \
        case 2: for (ptrdiff_t i = 0; i < n; i++) z[i] = c * b[i * sb]; break;       \
        default: for (ptrdiff_t i = 0; i < n; i++) z[i] = c / b[i * sb]; break;      \
      }                                                                              \
    }                                                                                \
  }

KERNEL(nos_binary_f64, (int op, const double *a, ptrdiff_t sa, const double *b, ptrdiff_t sb,
                        double *z, ptrdiff_t n), (op, a, sa, b, sb, z, n), BINARY_LOOPS(double))

KERNEL(nos_binary_f32, (int op, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb,
                        float *z, ptrdiff_t n), (op, a, sa, b, sb, z, n), BINARY_LOOPS(float))

// The same loops over many short rows (a bias added to every row of a batch) in one call.
#define BINARY_ROWS(T)                                                        \
  {                                                                           \
    for (ptrdiff_t r = 0; r < rows; r++) {                                    \
      const T *a = a0 + r * ra;                                               \
      const T *b = b0 + r * rb;                                               \
      T *z = z0 + r * n;                                                      \
      BINARY_LOOPS(T)                                                         \
    }                                                                         \
  }

KERNEL(nos_binary_rows_f64, (int op, const double *a0, ptrdiff_t ra, ptrdiff_t sa, const double *b0,
                             ptrdiff_t rb, ptrdiff_t sb, double *z0, ptrdiff_t rows, ptrdiff_t n),
       (op, a0, ra, sa, b0, rb, sb, z0, rows, n), BINARY_ROWS(double))

KERNEL(nos_binary_rows_f32, (int op, const float *a0, ptrdiff_t ra, ptrdiff_t sa, const float *b0,
                             ptrdiff_t rb, ptrdiff_t sb, float *z0, ptrdiff_t rows, ptrdiff_t n),
       (op, a0, ra, sa, b0, rb, sb, z0, rows, n), BINARY_ROWS(float))

KERNEL(nos_tanh_backward_f64, (const double *g, const double *y, double *z, ptrdiff_t n), (g, y, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (1 - y[i] * y[i]);
})

KERNEL(nos_tanh_backward_f32, (const float *g, const float *y, float *z, ptrdiff_t n), (g, y, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (1 - y[i] * y[i]);
})

// Multiplying by the 0/1 mask (not selecting g) keeps the composed product's values bit for
// bit: -0 for a negative g, NaN for an infinite one.
KERNEL(nos_relu_backward_f64, (const double *g, const double *x, double *z, ptrdiff_t n), (g, x, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (x[i] > 0 ? 1.0 : 0.0);
})

KERNEL(nos_relu_backward_f32, (const float *g, const float *x, float *z, ptrdiff_t n), (g, x, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (x[i] > 0 ? 1.0f : 0.0f);
})

KERNEL(nos_sigmoid_backward_f64, (const double *g, const double *y, double *z, ptrdiff_t n), (g, y, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (y[i] * (1 - y[i]));
})

KERNEL(nos_sigmoid_backward_f32, (const float *g, const float *y, float *z, ptrdiff_t n), (g, y, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = g[i] * (y[i] * (1 - y[i]));
})

// Rows are added in blocks of 64 into a partial sum, then the partials into out, which keeps
// the rounding error of long columns near that of pairwise summation.
#define SUM_ROWS(T)                                                   \
  {                                                                   \
    for (ptrdiff_t j = 0; j < n; j++) out[j] = 0;                     \
    for (ptrdiff_t r0 = 0; r0 < rows; r0 += 64) {                     \
      ptrdiff_t r1 = r0 + 64 < rows ? r0 + 64 : rows;                 \
      for (ptrdiff_t j0 = 0; j0 < n; j0 += 256) {                     \
        ptrdiff_t w = n - j0 < 256 ? n - j0 : 256;                    \
        T part[256];                                                  \
        for (ptrdiff_t j = 0; j < w; j++) part[j] = 0;                \
        for (ptrdiff_t r = r0; r < r1; r++) {                         \
          const T *row = x + r * n + j0;                              \
          for (ptrdiff_t j = 0; j < w; j++) part[j] += row[j];        \
        }                                                             \
        for (ptrdiff_t j = 0; j < w; j++) out[j0 + j] += part[j];     \
      }                                                               \
    }                                                                 \
  }

KERNEL(nos_sum_rows_f64, (const double *x, double *out, ptrdiff_t rows, ptrdiff_t n),
       (x, out, rows, n), SUM_ROWS(double))

KERNEL(nos_sum_rows_f32, (const float *x, float *out, ptrdiff_t rows, ptrdiff_t n),
       (x, out, rows, n), SUM_ROWS(float))

KERNEL(nos_product3_f64, (const double *a, const double *b, const double *c, double s, double *z, ptrdiff_t n),
       (a, b, c, s, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = s * a[i] * b[i] * c[i];
})

KERNEL(nos_product3_f32, (const float *a, const float *b, const float *c, float s, float *z, ptrdiff_t n),
       (a, b, c, s, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) z[i] = s * a[i] * b[i] * c[i];
})

// Single-precision erf: Eigen/XLA's rational approximation on x clamped to [-4, 4] (a few
// ulp; erf(±4) rounds to ±1 in single precision).
static inline __attribute__((always_inline)) float erf_f32(float a) {
  float x = a < -4.0f ? -4.0f : (a > 4.0f ? 4.0f : a), x2 = x * x;
  float p = -2.72614225801306e-10f;
  p = p * x2 + 2.77068142495902e-08f;
  p = p * x2 - 2.10102402082508e-06f;
  p = p * x2 - 5.69250639462346e-05f;
  p = p * x2 - 7.34990630326855e-04f;
  p = p * x2 - 2.95459980854025e-03f;
  p = p * x2 - 1.60960333262415e-02f;
  float q = -1.45660718464996e-05f;
  q = q * x2 - 2.13374055278905e-04f;
  q = q * x2 - 1.68282697438203e-03f;
  q = q * x2 - 7.37332916720468e-03f;
  q = q * x2 - 1.42647390514189e-02f;
  return x * p / q;
}

KERNEL(nos_gelu_f32, (const float *x, float *y, ptrdiff_t n), (x, y, n), {
  for (ptrdiff_t i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1.0f + erf_f32(x[i] * 0.70710678f));
})

KERNEL(nos_gelu_backward_f32, (const float *g, const float *x, float *z, ptrdiff_t n),
       (g, x, z, n), {
  for (ptrdiff_t i = 0; i < n; i++) {
    float v = x[i];
    float w = -0.5f * v * v;
    float density = w < -87.0f ? 0.0f : exp_f32(w < -87.0f ? -87.0f : w);
    float slope = 0.5f * (1.0f + erf_f32(v * 0.70710678f)) + v * density * 0.39894228f;
    z[i] = g[i] * slope;
  }
})

// NumPy's pairwise_sum: up to 128 terms with eight accumulators (one vector register; the
// order of every addition is fixed, so the result is the same on every instruction set and
// equals NumPy's), longer runs split in halves at a multiple of 8. Error grows like log n.
#define PAIRWISE(T, NAME, ATTR)                                            \
  ATTR static T NAME(const T *a, ptrdiff_t n) {                            \
    if (n < 8) {                                                           \
      T r = 0;                                                             \
      for (ptrdiff_t i = 0; i < n; i++) r += a[i];                         \
      return r;                                                            \
    }                                                                      \
    if (n <= 128) {                                                        \
      T r[8];                                                              \
      for (int j = 0; j < 8; j++) r[j] = a[j];                             \
      ptrdiff_t i = 8;                                                     \
      for (; i < n - n % 8; i += 8)                                        \
        for (int j = 0; j < 8; j++) r[j] += a[i + j];                      \
      T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])); \
      for (; i < n; i++) res += a[i];                                      \
      return res;                                                          \
    }                                                                      \
    ptrdiff_t h = n / 2;                                                   \
    h -= h % 8;                                                            \
    return NAME(a, h) + NAME(a + h, n - h);                                \
  }

PAIRWISE(double, pairwise_f64_avx512, AVX512)
PAIRWISE(double, pairwise_f64_avx2, AVX2)
PAIRWISE(double, pairwise_f64_base, )
PAIRWISE(float, pairwise_f32_avx512, AVX512)
PAIRWISE(float, pairwise_f32_avx2, AVX2)
PAIRWISE(float, pairwise_f32_base, )

double nos_pairwise_sum_f64(const double *x, ptrdiff_t n) {
  switch (simd_level()) {
    case 2: return pairwise_f64_avx512(x, n);
    case 1: return pairwise_f64_avx2(x, n);
    default: return pairwise_f64_base(x, n);
  }
}

float nos_pairwise_sum_f32(const float *x, ptrdiff_t n) {
  switch (simd_level()) {
    case 2: return pairwise_f32_avx512(x, n);
    case 1: return pairwise_f32_avx2(x, n);
    default: return pairwise_f32_base(x, n);
  }
}

// ---- Small matrix products (the layers of narrow MLPs and PINNs), single precision ----
// (In f64 these loops measured slower than OpenBLAS: twice the registers per row.)
// OpenBLAS packs both operands and clears C before every product; for a tall [m, k] times a
// [k, n] weight with k, n <= 32 that costs more than the arithmetic. Here B is packed once
// into a zero-padded k x W block on the stack (W = n rounded up to 8, 16, 24 or 32) and
// R = 2 rows of C at a time are W-wide accumulators in registers, so A is read once and C
// written once. A row is stored W wide when the spill lands in rows written after it (C is
// contiguous, ldc = n), so most stores are whole vectors; the last rows are stored exactly.
#define GEMM_NN_BODY(T, W)                                                      \
  {                                                                             \
    T bp[32 * W];                                                               \
    for (ptrdiff_t p = 0; p < k; p++)                                           \
      for (ptrdiff_t j = 0; j < W; j++)                                         \
        bp[p * W + j] = j >= n ? 0 : tb ? b[j * ldb + p] : b[p * ldb + j];      \
    ptrdiff_t i = 0;                                                            \
    for (; i + 2 <= m; i += 2) {                                                \
      T acc0[W];                                                                \
      T acc1[W];                                                                \
      for (int j = 0; j < W; j++) acc0[j] = 0;                                  \
      for (int j = 0; j < W; j++) acc1[j] = 0;                                  \
      const T *a0 = a + i * lda;                                                \
      const T *a1 = a0 + lda;                                                   \
      for (ptrdiff_t p = 0; p < k; p++) {                                       \
        T s0 = a0[p];                                                           \
        T s1 = a1[p];                                                           \
        for (int j = 0; j < W; j++) acc0[j] += s0 * bp[p * W + j];              \
        for (int j = 0; j < W; j++) acc1[j] += s1 * bp[p * W + j];              \
      }                                                                         \
      gemm_store_##T(c + i * ldc, acc0, n, W, (m - i) * ldc);                   \
      gemm_store_##T(c + (i + 1) * ldc, acc1, n, W, (m - i - 1) * ldc);         \
    }                                                                           \
    for (; i < m; i++) {                                                        \
      T acc[W];                                                                 \
      for (int j = 0; j < W; j++) acc[j] = 0;                                   \
      const T *ai = a + i * lda;                                                \
      for (ptrdiff_t p = 0; p < k; p++) {                                       \
        T s = ai[p];                                                            \
        for (int j = 0; j < W; j++) acc[j] += s * bp[p * W + j];                \
      }                                                                         \
      gemm_store_##T(c + i * ldc, acc, n, W, (m - i) * ldc);                    \
    }                                                                           \
  }

// Stores the first n of a row's W accumulators at c; all W when `room` (the elements from c
// to the end of this call's part of C) allows, since the rows after c overwrite the spill.
#define GEMM_STORE(T)                                                                    \
  static inline __attribute__((always_inline)) void gemm_store_##T(                      \
      T *c, const T *acc, ptrdiff_t n, int w, ptrdiff_t room) {                          \
    if (room >= w) {                                                                     \
      for (int j = 0; j < w; j++) c[j] = acc[j];                                         \
    } else {                                                                             \
      for (ptrdiff_t j = 0; j < n; j++) c[j] = acc[j];                                   \
    }                                                                                    \
  }
GEMM_STORE(float)

#define GEMM_NN_ARGS(T)                                                                  \
  (ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const T *a, ptrdiff_t lda, const T *b,           \
   ptrdiff_t ldb, int tb, T *c, ptrdiff_t ldc)
#define GEMM_NN_CALL (m, n, k, a, lda, b, ldb, tb, c, ldc)

#define GEMM_NN_WIDTHS(T, S)                                                     \
  KERNEL(gemm_nn8_##S, GEMM_NN_ARGS(T), GEMM_NN_CALL, GEMM_NN_BODY(T, 8))        \
  KERNEL(gemm_nn16_##S, GEMM_NN_ARGS(T), GEMM_NN_CALL, GEMM_NN_BODY(T, 16))      \
  KERNEL(gemm_nn24_##S, GEMM_NN_ARGS(T), GEMM_NN_CALL, GEMM_NN_BODY(T, 24))      \
  KERNEL(gemm_nn32_##S, GEMM_NN_ARGS(T), GEMM_NN_CALL, GEMM_NN_BODY(T, 32))      \
  void nos_gemm_small_##S GEMM_NN_ARGS(T) {                                      \
    if (n <= 8) gemm_nn8_##S GEMM_NN_CALL;                                       \
    else if (n <= 16) gemm_nn16_##S GEMM_NN_CALL;                                \
    else if (n <= 24) gemm_nn24_##S GEMM_NN_CALL;                                \
    else gemm_nn32_##S GEMM_NN_CALL;                                             \
  }
GEMM_NN_WIDTHS(float, f32)

// The weight gradient of such a layer: C[m, n] = Aᵀ B with A stored [k, m] and B [k, n],
// m, n <= 32 and k (the batch) long. The batch goes in blocks of 128 rows (B's block stays
// in L1); within a block, R = 4 (W <= 16) or 2 rows of C at a time are W-wide register
// accumulators, added into an m x W total on the stack after the block. Rows of B are read
// W wide where that stays at or before B's last element (the spill only feeds columns that
// are dropped), else through a padded copy.
#define GEMM_TN_BODY(T, W, R)                                                    \
  {                                                                             \
    T total[32 * W];                                                            \
    T pad[128 * W];                                                             \
    for (ptrdiff_t j = 0; j < 32 * W; j++) total[j] = 0;                        \
    for (ptrdiff_t p0 = 0; p0 < k; p0 += 128) {                                 \
      ptrdiff_t p1 = p0 + 128 < k ? p0 + 128 : k;                               \
      const T *bb = b + p0 * ldb;                                               \
      ptrdiff_t step = ldb;                                                     \
      if ((p1 - 1) * ldb + W > (k - 1) * ldb + n) {                             \
        for (ptrdiff_t p = p0; p < p1; p++)                                     \
          for (ptrdiff_t j = 0; j < W; j++)                                     \
            pad[(p - p0) * W + j] = j < n ? b[p * ldb + j] : 0;                 \
        bb = pad;                                                               \
        step = W;                                                               \
      }                                                                         \
      for (ptrdiff_t r = 0; r < m; r += R) {                                    \
        T acc[R][W];                                                            \
        ptrdiff_t rr[R];                                                        \
        for (int q = 0; q < R; q++) rr[q] = r + q < m ? r + q : m - 1;          \
        for (int q = 0; q < R; q++)                                             \
          for (int j = 0; j < W; j++) acc[q][j] = 0;                            \
        for (ptrdiff_t p = p0; p < p1; p++) {                                   \
          const T *bp = bb + (p - p0) * step;                                   \
          const T *ap = a + p * lda;                                            \
          for (int q = 0; q < R; q++) {                                         \
            T s = ap[rr[q]];                                                    \
            for (int j = 0; j < W; j++) acc[q][j] += s * bp[j];                 \
          }                                                                     \
        }                                                                       \
        for (int q = 0; q < R && r + q < m; q++)                                \
          for (int j = 0; j < W; j++) total[(r + q) * W + j] += acc[q][j];      \
      }                                                                         \
    }                                                                           \
    for (ptrdiff_t r = 0; r < m; r++)                                           \
      for (ptrdiff_t j = 0; j < n; j++) c[r * ldc + j] = total[r * W + j];      \
  }

#define GEMM_TN_ARGS(T)                                                                  \
  (ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const T *a, ptrdiff_t lda, const T *b,           \
   ptrdiff_t ldb, T *c, ptrdiff_t ldc)
#define GEMM_TN_CALL (m, n, k, a, lda, b, ldb, c, ldc)

#define GEMM_TN_WIDTHS(T, S)                                                     \
  KERNEL(gemm_tn8_##S, GEMM_TN_ARGS(T), GEMM_TN_CALL, GEMM_TN_BODY(T, 8, 4))        \
  KERNEL(gemm_tn16_##S, GEMM_TN_ARGS(T), GEMM_TN_CALL, GEMM_TN_BODY(T, 16, 4))      \
  KERNEL(gemm_tn24_##S, GEMM_TN_ARGS(T), GEMM_TN_CALL, GEMM_TN_BODY(T, 24, 2))      \
  KERNEL(gemm_tn32_##S, GEMM_TN_ARGS(T), GEMM_TN_CALL, GEMM_TN_BODY(T, 32, 2))      \
  void nos_gemm_small_tn_##S GEMM_TN_ARGS(T) {                                   \
    if (n <= 8) gemm_tn8_##S GEMM_TN_CALL;                                       \
    else if (n <= 16) gemm_tn16_##S GEMM_TN_CALL;                                \
    else if (n <= 24) gemm_tn24_##S GEMM_TN_CALL;                                \
    else gemm_tn32_##S GEMM_TN_CALL;                                             \
  }
GEMM_TN_WIDTHS(float, f32)

// One Adam/AdamW step over n floats, in the order of the Swift loop it replaces
// (NOSModels/Kernels.swift) and without contracting multiply-adds, so every build rounds
// alike; vectorised, its sqrt and divisions no longer bound the step (the scalar loop took
// 5% of a U-Net training step).
#define ADAM_LOOP(T, SQRT, L2)                                                             \
  for (ptrdiff_t i = 0; i < n; i++) {                                                      \
    const T pi = p[i];                                                                     \
    T gi = g[i];                                                                           \
    if (L2) gi += l2 * pi;                                                                 \
    const T mi = m[i] + w1 * (gi - m[i]);                                                  \
    const T vi = b2 * v[i] + w2 * gi * gi;                                                 \
    m[i] = mi;                                                                             \
    v[i] = vi;                                                                             \
    const T denom = SQRT(vi) / bc2 + eps;                                                  \
    out[i] = pi * decay - step * mi / denom;                                               \
  }
#define ADAM_KERNEL(NAME, T, SQRT)                                                         \
  KERNEL(NAME,                                                                             \
         (const T *restrict p, const T *restrict g, T *restrict out, T *restrict m,        \
          T *restrict v, ptrdiff_t n, T step, T w1, T b2, T w2, T bc2, T eps, T l2,        \
          T decay),                                                                        \
         (p, g, out, m, v, n, step, w1, b2, w2, bc2, eps, l2, decay), {                    \
    _Pragma("clang fp contract(off)")                                                      \
    if (l2 != 0) {                                                                         \
      ADAM_LOOP(T, SQRT, 1)                                                                \
    } else {                                                                               \
      ADAM_LOOP(T, SQRT, 0)                                                                \
    }                                                                                      \
  })
ADAM_KERNEL(nos_adam_f32, float, sqrtf)
ADAM_KERNEL(nos_adam_f64, double, sqrt)
