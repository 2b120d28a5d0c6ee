// Elementwise kernels written in C so the compiler can vectorise them for the CPU it runs
// on (AVX-512, AVX2 or plain SSE2, chosen when the program loads).
#ifndef NOS_KERNELS_H
#define NOS_KERNELS_H
#include <stddef.h>

void nos_tanh_f64(const double *x, double *y, ptrdiff_t n);
void nos_tanh_f32(const float *x, float *y, ptrdiff_t n);

/// Single-precision e^x, sin, cos and sigmoid, vectorised in double and rounded once (libm's
/// correctly rounded value but for rare inputs next to a rounding boundary, then 1 ulp):
/// the whole float range, with libm taking the inputs outside the fast path's range
/// (overflow, subnormal results, |x| > 8192 for sin and cos, NaN, ±inf).
void nos_exp_f32(const float *x, float *y, ptrdiff_t n);
void nos_sin_f32(const float *x, float *y, ptrdiff_t n);
void nos_cos_f32(const float *x, float *y, ptrdiff_t n);
void nos_sigmoid_f32(const float *x, float *y, ptrdiff_t n);

/// Real elementwise functions of n contiguous elements (unary.c): y[i] = f(x[i]) with libm's
/// functions, the vector builds below for the ops without libm calls, tanh, and in f32 exp,
/// sin, cos, sigmoid and GELU; returns 0 for an op it does not have.
enum {
  NOS_UNARY_NEG, NOS_UNARY_ABS, NOS_UNARY_SQRT, NOS_UNARY_SQUARE, NOS_UNARY_RECIPROCAL,
  NOS_UNARY_EXP, NOS_UNARY_LOG, NOS_UNARY_SIN, NOS_UNARY_COS, NOS_UNARY_ERF, NOS_UNARY_RELU,
  NOS_UNARY_SIGMOID, NOS_UNARY_SOFTPLUS, NOS_UNARY_TANH, NOS_UNARY_GELU, NOS_UNARY_TAN,
  NOS_UNARY_SINH, NOS_UNARY_COSH, NOS_UNARY_ASIN, NOS_UNARY_ACOS, NOS_UNARY_ATAN,
  NOS_UNARY_LOG1P, NOS_UNARY_EXPM1, NOS_UNARY_SIGN, NOS_UNARY_FLOOR, NOS_UNARY_CEIL,
  NOS_UNARY_ROUND
};
int nos_unary_f32(int op, const float *x, float *y, ptrdiff_t n);
int nos_unary_f64(int op, const double *x, double *y, ptrdiff_t n);
/// The ops among them without libm calls (neg, abs, sqrt, square, reciprocal, floor, ceil,
/// round, sign, relu), built for the CPU's vector width (kernels.c); 0 for any other op.
int nos_unary_simple_f32(int op, const float *x, float *y, ptrdiff_t n);
int nos_unary_simple_f64(int op, const double *x, double *y, ptrdiff_t n);

/// z[i] = a[i*sa] op b[i*sb] for op 0..3 = + - * /, with sa and sb each 0 or 1.
void nos_binary_f64(int op, const double *a, ptrdiff_t sa, const double *b, ptrdiff_t sb,
                    double *z, ptrdiff_t n);
void nos_binary_f32(int op, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb,
                    float *z, ptrdiff_t n);

/// Row by row: z[r*n + i] = a[r*ra + i*sa] op b[r*rb + i*sb], sa and sb each 0 or 1.
void nos_binary_rows_f64(int op, const double *a, ptrdiff_t ra, ptrdiff_t sa, const double *b,
                         ptrdiff_t rb, ptrdiff_t sb, double *z, ptrdiff_t rows, ptrdiff_t n);
void nos_binary_rows_f32(int op, const float *a, ptrdiff_t ra, ptrdiff_t sa, const float *b,
                         ptrdiff_t rb, ptrdiff_t sb, float *z, ptrdiff_t rows, ptrdiff_t n);

/// z[i] = g[i] * (1 - y[i]^2): the tanh derivative applied to an incoming gradient.
void nos_tanh_backward_f64(const double *g, const double *y, double *z, ptrdiff_t n);
void nos_tanh_backward_f32(const float *g, const float *y, float *z, ptrdiff_t n);
/// z[i] = g[i] * (x[i] > 0 ? 1 : 0): relu's derivative applied to g (a NaN or infinite g
/// where x <= 0 gives NaN, as the product does).
void nos_relu_backward_f64(const double *g, const double *x, double *z, ptrdiff_t n);
void nos_relu_backward_f32(const float *g, const float *x, float *z, ptrdiff_t n);
/// z[i] = g[i] * (y[i] * (1 - y[i])): the sigmoid derivative from its output y.
void nos_sigmoid_backward_f64(const double *g, const double *y, double *z, ptrdiff_t n);
void nos_sigmoid_backward_f32(const float *g, const float *y, float *z, ptrdiff_t n);

/// out[j] = x[r*n + j] summed over rows r in order (a sum over leading axes, no
/// transposition); PairwiseSum.swift calls it on blocks of at most 128 rows.
void nos_sum_rows_f64(const double *x, double *out, ptrdiff_t rows, ptrdiff_t n);
void nos_sum_rows_f32(const float *x, float *out, ptrdiff_t rows, ptrdiff_t n);

/// Σ x[0..n) in NumPy's pairwise order (bit for bit the same result as numpy.sum).
double nos_pairwise_sum_f64(const double *x, ptrdiff_t n);
float nos_pairwise_sum_f32(const float *x, ptrdiff_t n);

/// z[i] = s * a[i] * b[i] * c[i].
void nos_product3_f64(const double *a, const double *b, const double *c, double s, double *z, ptrdiff_t n);
void nos_product3_f32(const float *a, const float *b, const float *c, float s, float *z, ptrdiff_t n);


/// One Adam/AdamW step (torch.optim.Adam(W)) over n floats: g' = g + l2·p; m += w1·(g' − m);
/// v = b2·v + w2·g'²; out = decay·p − step·m / (√v / bc2 + eps). p, g, out, m, v do not
/// overlap.
void nos_adam_f32(const float *restrict p, const float *restrict g, float *restrict out,
                  float *restrict m, float *restrict v, ptrdiff_t n, float step, float w1,
                  float b2, float w2, float bc2, float eps, float l2, float decay);
void nos_adam_f64(const double *restrict p, const double *restrict g, double *restrict out,
                  double *restrict m, double *restrict v, ptrdiff_t n, double step, double w1,
                  double b2, double w2, double bc2, double eps, double l2, double decay);

/// y[i] = GELU(x[i]) = x·Φ(x) in single precision (rational erf, a few ulp).
void nos_gelu_f32(const float *x, float *y, ptrdiff_t n);
/// z[i] = g[i]·(Φ(x[i]) + x[i]·φ(x[i])): the GELU derivative applied to an incoming gradient.
void nos_gelu_backward_f32(const float *g, const float *x, float *z, ptrdiff_t n);
/// The same in double precision with libm's erf and exp (unary.c).
void nos_gelu_backward_f64(const double *g, const double *x, double *z, ptrdiff_t n);
/// f32: C[m, n] = A[m, k] · B[k, n] (B read as Bᵀ stored [n, k] when tb) for n, k <= 32: the
/// products of narrow dense layers, without BLAS's packing. lda, ldb, ldc are row strides.
void nos_gemm_small_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                        const float *b, ptrdiff_t ldb, int tb, float *c, ptrdiff_t ldc);
/// f32: C[m, n] = Aᵀ B with A stored [k, m] and B [k, n], m, n <= 32: a dense layer's weight
/// gradient over a long batch k, in one pass.
void nos_gemm_small_tn_f32(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                           const float *b, ptrdiff_t ldb, float *c, ptrdiff_t ldc);

/// OpenBLAS's name for the kernels it runs ("SkylakeX", "Haswell", ...), or NULL when the
/// BLAS is not OpenBLAS; and whether this CPU and OS run AVX2 with FMA (blas_core.c, which
/// has OpenBLAS choose again when it fell back to SSE kernels on such a CPU).
const char *nos_blas_core(void);
int nos_cpu_has_avx2_fma(void);

#endif
