// A direct stride-1 convolution in f32 (Tensor+ConvDirect.swift decides which shapes come
// here): no im2col, the input read straight from zero-padded planes, 6 output channels × 16
// pixels held in AVX2 registers (12 accumulators: enough independent FMA chains to cover the
// FMA latency on two pipes; 4 × 16 reached 75 GFLOP/s on one core here, 6 × 16 about 90,
// OpenBLAS's sgemm kernel 92).
#include "nos_conv.h"

typedef float v8 __attribute__((vector_size(32), aligned(4)));

#define AVX2 __attribute__((target("avx2,fma")))

// Unaligned 8-float load and store (macros: a v8 argument would need AVX in the baseline build).
#define LOAD8(v, p) __builtin_memcpy(&(v), (p), sizeof(v8))
#define STORE8(p, v) __builtin_memcpy((p), &(v), sizeof(v8))
#define SPLAT(s) ((v8){(s), (s), (s), (s), (s), (s), (s), (s)})

// One body for the AVX2 build and the baseline build: the same sums in the same order (the
// AVX2 build fuses each multiply-add, so the two may differ by rounding; a machine always
// runs the same one).
// One block: 6 output channels × 16 positions from input position q, stored at out + dst
// with rows ldo apart.
#define DIRECT_BLOCK(q, dst, ldo)                                                          \
  {                                                                                        \
    v8 a00 = {0}, a01 = {0}, a10 = {0}, a11 = {0}, a20 = {0}, a21 = {0};                   \
    v8 a30 = {0}, a31 = {0}, a40 = {0}, a41 = {0}, a50 = {0}, a51 = {0};                   \
    for (ptrdiff_t ch = 0; ch < c; ch++) {                                                 \
      const float *xc = xp + ch * plane + (q);                                             \
      const float *wc = wb + ch * taps * 6;                                                \
      for (ptrdiff_t t = 0; t < taps; t++) {                                               \
        v8 x0, x1, w;                                                                      \
        LOAD8(x0, xc + off[t]); LOAD8(x1, xc + off[t] + 8);                                \
        const float *wt = wc + t * 6;                                                      \
        w = SPLAT(wt[0]); a00 += w * x0; a01 += w * x1;                                    \
        w = SPLAT(wt[1]); a10 += w * x0; a11 += w * x1;                                    \
        w = SPLAT(wt[2]); a20 += w * x0; a21 += w * x1;                                    \
        w = SPLAT(wt[3]); a30 += w * x0; a31 += w * x1;                                    \
        w = SPLAT(wt[4]); a40 += w * x0; a41 += w * x1;                                    \
        w = SPLAT(wt[5]); a50 += w * x0; a51 += w * x1;                                    \
      }                                                                                    \
    }                                                                                      \
    float *o = out + ob * 6 * (ldo) + (dst);                                               \
    STORE8(o, a00); STORE8(o + 8, a01);                                                    \
    STORE8(o + (ldo), a10); STORE8(o + (ldo) + 8, a11);                                    \
    STORE8(o + 2 * (ldo), a20); STORE8(o + 2 * (ldo) + 8, a21);                            \
    STORE8(o + 3 * (ldo), a30); STORE8(o + 3 * (ldo) + 8, a31);                            \
    STORE8(o + 4 * (ldo), a40); STORE8(o + 4 * (ldo) + 8, a41);                            \
    STORE8(o + 5 * (ldo), a50); STORE8(o + 5 * (ldo) + 8, a51);                            \
  }

// Every padded-row position q < qr, out [oblocks·6, qr].
#define DIRECT_BODY                                                                        \
  {                                                                                        \
    for (ptrdiff_t ob = 0; ob < oblocks; ob++) {                                           \
      const float *wb = wpk + ob * c * taps * 6;                                           \
      for (ptrdiff_t q = 0; q < qr; q += 16) DIRECT_BLOCK(q, q, qr)                        \
    }                                                                                      \
  }

// Rows of ow (a multiple of 16) valid positions only, out [oblocks·6, oh·ow] compact: no
// work on the padding columns between rows (2 of 18 on a 16 × 16 grid with a 3 × 3 window).
#define DIRECT_ROWS_BODY                                                                   \
  {                                                                                        \
    for (ptrdiff_t ob = 0; ob < oblocks; ob++) {                                           \
      const float *wb = wpk + ob * c * taps * 6;                                           \
      for (ptrdiff_t y = 0; y < oh; y++)                                                   \
        for (ptrdiff_t x = 0; x < ow; x += 16)                                             \
          DIRECT_BLOCK(y * pitch + x, y * ow + x, oh * ow)                                 \
    }                                                                                      \
  }

#define DIRECT_ARGS                                                                        \
  (const float *xp, ptrdiff_t plane, const float *wpk, ptrdiff_t c, const ptrdiff_t *off,  \
   ptrdiff_t taps, ptrdiff_t oblocks, ptrdiff_t qr, float *out)

AVX2 static void direct_avx2 DIRECT_ARGS DIRECT_BODY
static void direct_base DIRECT_ARGS DIRECT_BODY

#define DIRECT_ROWS_ARGS                                                                   \
  (const float *xp, ptrdiff_t plane, const float *wpk, ptrdiff_t c, const ptrdiff_t *off,  \
   ptrdiff_t taps, ptrdiff_t oblocks, ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t pitch, float *out)

AVX2 static void direct_rows_avx2 DIRECT_ROWS_ARGS DIRECT_ROWS_BODY
static void direct_rows_base DIRECT_ROWS_ARGS DIRECT_ROWS_BODY

int nos_conv_direct_fast(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

void nos_conv_direct_f32 DIRECT_ARGS {
  if (nos_conv_direct_fast()) {
    direct_avx2(xp, plane, wpk, c, off, taps, oblocks, qr, out);
  } else {
    direct_base(xp, plane, wpk, c, off, taps, oblocks, qr, out);
  }
}

void nos_conv_direct_rows_f32 DIRECT_ROWS_ARGS {
  if (nos_conv_direct_fast()) {
    direct_rows_avx2(xp, plane, wpk, c, off, taps, oblocks, oh, ow, pitch, out);
  } else {
    direct_rows_base(xp, plane, wpk, c, off, taps, oblocks, oh, ow, pitch, out);
  }
}

// The weight gradient: dw[o][ch][t] += Σ_q g[o·qr + q] · xp[ch·plane + q + off[t]], q in
// tiles of 4096, 4 output channels × 3 taps in 12 accumulators; each tile's 8 lanes are added
// in order into dw. g is zero where the forward output is not. On one core here, 64 channels
// at 32 × 32: 2 taps in 8 accumulators and tiles of 512 (4 rows of g in L1) 58 GFLOP/s, 3
// taps 74, tiles of 4096 (fewer horizontal sums; g streams from L2) 90.
#define WGRAD_TILE 4096
#define WGRAD_BODY                                                                         \
  {                                                                                        \
    for (ptrdiff_t q0 = 0; q0 < qr; q0 += WGRAD_TILE) {                                    \
      ptrdiff_t q1 = q0 + WGRAD_TILE < qr ? q0 + WGRAD_TILE : qr;                          \
      for (ptrdiff_t ob = 0; ob < oblocks; ob++) {                                         \
        const float *g0 = g + ob * 4 * qr, *g1 = g0 + qr, *g2 = g1 + qr, *g3 = g2 + qr;    \
        for (ptrdiff_t ch = 0; ch < c; ch++) {                                             \
          const float *xc = xp + ch * plane;                                               \
          for (ptrdiff_t t = 0; t < taps; t += 3) {                                        \
            ptrdiff_t u = t + 1 < taps ? t + 1 : t, s = t + 2 < taps ? t + 2 : u;          \
            const float *xa = xc + off[t], *xb = xc + off[u], *xs = xc + off[s];           \
            v8 a00 = {0}, a01 = {0}, a02 = {0}, a10 = {0}, a11 = {0}, a12 = {0};           \
            v8 a20 = {0}, a21 = {0}, a22 = {0}, a30 = {0}, a31 = {0}, a32 = {0};           \
            for (ptrdiff_t q = q0; q < q1; q += 8) {                                       \
              v8 x0, x1, x2, v;                                                            \
              LOAD8(x0, xa + q); LOAD8(x1, xb + q); LOAD8(x2, xs + q);                     \
              LOAD8(v, g0 + q); a00 += v * x0; a01 += v * x1; a02 += v * x2;               \
              LOAD8(v, g1 + q); a10 += v * x0; a11 += v * x1; a12 += v * x2;               \
              LOAD8(v, g2 + q); a20 += v * x0; a21 += v * x1; a22 += v * x2;               \
              LOAD8(v, g3 + q); a30 += v * x0; a31 += v * x1; a32 += v * x2;               \
            }                                                                              \
            float *d = dw + ((ob * 4) * c + ch) * taps + t;                                \
            const ptrdiff_t os = c * taps;                                                 \
            d[0] += HSUM(a00); d[os] += HSUM(a10);                                         \
            d[2 * os] += HSUM(a20); d[3 * os] += HSUM(a30);                                \
            if (u != t) {                                                                  \
              d[1] += HSUM(a01); d[os + 1] += HSUM(a11);                                   \
              d[2 * os + 1] += HSUM(a21); d[3 * os + 1] += HSUM(a31);                      \
            }                                                                              \
            if (s != u) {                                                                  \
              d[2] += HSUM(a02); d[os + 2] += HSUM(a12);                                   \
              d[2 * os + 2] += HSUM(a22); d[3 * os + 2] += HSUM(a32);                      \
            }                                                                              \
          }                                                                                \
        }                                                                                  \
      }                                                                                    \
    }                                                                                      \
  }

#define HSUM(v) \
  ((((v)[0] + (v)[1]) + ((v)[2] + (v)[3])) + (((v)[4] + (v)[5]) + ((v)[6] + (v)[7])))

#define WGRAD_ARGS                                                                         \
  (const float *xp, ptrdiff_t plane, const float *g, ptrdiff_t qr, ptrdiff_t c,             \
   const ptrdiff_t *off, ptrdiff_t taps, ptrdiff_t oblocks, float *dw)

AVX2 static void wgrad_avx2 WGRAD_ARGS WGRAD_BODY
static void wgrad_base WGRAD_ARGS WGRAD_BODY

void nos_conv_direct_wgrad_f32 WGRAD_ARGS {
  if (nos_conv_direct_fast()) {
    wgrad_avx2(xp, plane, g, qr, c, off, taps, oblocks, dw);
  } else {
    wgrad_base(xp, plane, g, qr, c, off, taps, oblocks, dw);
  }
}
