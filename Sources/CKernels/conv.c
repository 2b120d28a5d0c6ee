// im2col and col2im for one image (the data movement of convolutions done as GEMMs), and
// 2-D pooling with its adjoint scatter/gather pair.
#include "nos_conv.h"
#include <math.h>
#include <string.h>

// The output columns x whose input column x·sw + off lies in [0, w): [*lo, *hi).
static inline void valid_range(ptrdiff_t off, ptrdiff_t sw, ptrdiff_t w, ptrdiff_t ow,
                               ptrdiff_t *lo, ptrdiff_t *hi) {
  ptrdiff_t a = off >= 0 ? 0 : (-off + sw - 1) / sw;
  ptrdiff_t b = off >= w ? 0 : (w - 1 - off) / sw + 1;
  *lo = a < ow ? a : ow;
  *hi = b < ow ? b : ow;
  if (*hi < *lo) *hi = *lo;
}

// Copies n elements; rows of small grids (8 or 16 pixels) in fixed-size moves instead of a
// memcpy call each (the calls dominated im2col on 8 × 8 grids).
#define COPY_SHORT(T, SUFFIX)                                                              \
  static inline void copy_short_##SUFFIX(T *dst, const T *src, ptrdiff_t n) {              \
    if (n > 64) {                                                                          \
      memcpy(dst, src, sizeof(T) * n);                                                     \
      return;                                                                              \
    }                                                                                      \
    ptrdiff_t k = 0;                                                                       \
    for (; k + 4 <= n; k += 4) __builtin_memcpy(dst + k, src + k, 4 * sizeof(T));         \
    for (; k < n; k++) dst[k] = src[k];                                                    \
  }
COPY_SHORT(float, f32)
COPY_SHORT(double, f64)

// One (channel, i, j) row: copies (FOLD 0) or adds back (FOLD 1) the window entries.
#define WINDOW_KERNELS(T, SUFFIX)                                                          \
  void nos_im2col_##SUFFIX(const T *img, T *col, ptrdiff_t c, const nos_window *g) {       \
    const ptrdiff_t L = g->oh * g->ow;                                                     \
    for (ptrdiff_t ch = 0; ch < c; ch++)                                                   \
      for (ptrdiff_t i = 0; i < g->kh; i++)                                                \
        for (ptrdiff_t j = 0; j < g->kw; j++) {                                            \
          T *row = col + ((ch * g->kh + i) * g->kw + j) * L;                               \
          const T *plane = img + ch * g->h * g->w;                                         \
          ptrdiff_t off = j * g->dw - g->pw, lo, hi;                                       \
          valid_range(off, g->sw, g->w, g->ow, &lo, &hi);                                  \
          for (ptrdiff_t y = 0; y < g->oh; y++) {                                          \
            T *dst = row + y * g->ow;                                                      \
            ptrdiff_t iy = y * g->sh - g->ph + i * g->dh;                                  \
            if (iy < 0 || iy >= g->h) {                                                    \
              memset(dst, 0, sizeof(T) * g->ow);                                           \
              continue;                                                                    \
            }                                                                              \
            const T *src = plane + iy * g->w + off;                                        \
            for (ptrdiff_t x = 0; x < lo; x++) dst[x] = 0;                                 \
            if (g->sw == 1) {                                                              \
              copy_short_##SUFFIX(dst + lo, src + lo, hi - lo);                            \
            } else {                                                                       \
              for (ptrdiff_t x = lo; x < hi; x++) dst[x] = src[x * g->sw];                 \
            }                                                                              \
            for (ptrdiff_t x = hi; x < g->ow; x++) dst[x] = 0;                             \
          }                                                                                \
        }                                                                                  \
  }                                                                                        \
  void nos_col2im_##SUFFIX(const T *col, T *img, ptrdiff_t c, const nos_window *g) {       \
    const ptrdiff_t L = g->oh * g->ow;                                                     \
    for (ptrdiff_t ch = 0; ch < c; ch++)                                                   \
      for (ptrdiff_t i = 0; i < g->kh; i++)                                                \
        for (ptrdiff_t j = 0; j < g->kw; j++) {                                            \
          const T *row = col + ((ch * g->kh + i) * g->kw + j) * L;                         \
          T *plane = img + ch * g->h * g->w;                                               \
          ptrdiff_t off = j * g->dw - g->pw, lo, hi;                                       \
          valid_range(off, g->sw, g->w, g->ow, &lo, &hi);                                  \
          for (ptrdiff_t y = 0; y < g->oh; y++) {                                          \
            ptrdiff_t iy = y * g->sh - g->ph + i * g->dh;                                  \
            if (iy < 0 || iy >= g->h) continue;                                            \
            const T *src = row + y * g->ow;                                                \
            T *dst = plane + iy * g->w + off;                                              \
            if (g->sw == 1) {                                                              \
              for (ptrdiff_t x = lo; x < hi; x++) dst[x] += src[x];                        \
            } else {                                                                       \
              for (ptrdiff_t x = lo; x < hi; x++) dst[x * g->sw] += src[x];                \
            }                                                                              \
          }                                                                                \
        }                                                                                  \
  }

WINDOW_KERNELS(float, f32)
WINDOW_KERNELS(double, f64)

// Visits the in-image elements of window (oy, ox) of one plane: BODY sees `v` (x's value) and
// `k` (its index in the plane).
#define FOR_WINDOW(g, oy, ox, BODY)                                                        \
  for (ptrdiff_t i = 0; i < (g)->kh; i++) {                                                \
    ptrdiff_t iy = (oy) * (g)->sh - (g)->ph + i * (g)->dh;                                 \
    if (iy < 0 || iy >= (g)->h) continue;                                                  \
    for (ptrdiff_t j = 0; j < (g)->kw; j++) {                                              \
      ptrdiff_t ix = (ox) * (g)->sw - (g)->pw + j * (g)->dw;                               \
      if (ix < 0 || ix >= (g)->w) continue;                                                \
      ptrdiff_t k = iy * (g)->w + ix;                                                      \
      BODY                                                                                 \
    }                                                                                      \
  }

#define POOL_KERNELS(T, SUFFIX)                                                            \
  void nos_maxpool_##SUFFIX(const T *x, T *y, ptrdiff_t planes, const nos_window *g) {     \
    for (ptrdiff_t p = 0; p < planes; p++) {                                               \
      const T *xp = x + p * g->h * g->w;                                                   \
      T *yp = y + p * g->oh * g->ow;                                                       \
      for (ptrdiff_t oy = 0; oy < g->oh; oy++)                                             \
        for (ptrdiff_t ox = 0; ox < g->ow; ox++) {                                         \
          T m = -(T)INFINITY;                                                              \
          int nan = 0;                                                                     \
          FOR_WINDOW(g, oy, ox, { T v = xp[k]; if (v != v) nan = 1; else if (v > m) m = v; }) \
          yp[oy * g->ow + ox] = nan ? (T)NAN : m;                                          \
        }                                                                                  \
    }                                                                                      \
  }                                                                                        \
  /* 1 / the routing count of window (oy, ox): 0 when nothing is routed. */                \
  static inline T inv_count_##SUFFIX(const T *xp, T m, const nos_window *g, ptrdiff_t oy,  \
                                     ptrdiff_t ox, int is_max) {                           \
    if (!is_max) return (T)1 / (T)(g->kh * g->kw);                                         \
    ptrdiff_t n = 0;                                                                       \
    FOR_WINDOW(g, oy, ox, { if (xp[k] == m) n++; })                                        \
    return n ? (T)1 / (T)n : 0;                                                            \
  }                                                                                        \
  void nos_pool_scatter_##SUFFIX(const T *x, const T *y, const T *g, T *gx,                \
                                 ptrdiff_t planes, const nos_window *w, int is_max) {      \
    for (ptrdiff_t p = 0; p < planes; p++) {                                               \
      const T *xp = x + p * w->h * w->w;                                                   \
      T *gp = gx + p * w->h * w->w;                                                        \
      for (ptrdiff_t oy = 0; oy < w->oh; oy++)                                             \
        for (ptrdiff_t ox = 0; ox < w->ow; ox++) {                                         \
          ptrdiff_t o = (p * w->oh + oy) * w->ow + ox;                                     \
          T m = is_max ? y[o] : 0, s = g[o] * inv_count_##SUFFIX(xp, m, w, oy, ox, is_max); \
          FOR_WINDOW(w, oy, ox, { if (!is_max || xp[k] == m) gp[k] += s; })                \
        }                                                                                  \
    }                                                                                      \
  }                                                                                        \
  void nos_pool_gather_##SUFFIX(const T *x, const T *y, const T *u, T *out,                \
                                ptrdiff_t planes, const nos_window *w, int is_max) {       \
    for (ptrdiff_t p = 0; p < planes; p++) {                                               \
      const T *xp = is_max ? x + p * w->h * w->w : 0;                                      \
      const T *up = u + p * w->h * w->w;                                                   \
      for (ptrdiff_t oy = 0; oy < w->oh; oy++)                                             \
        for (ptrdiff_t ox = 0; ox < w->ow; ox++) {                                         \
          ptrdiff_t o = (p * w->oh + oy) * w->ow + ox;                                     \
          T m = is_max ? y[o] : 0, s = 0;                                                  \
          FOR_WINDOW(w, oy, ox, { if (!is_max || xp[k] == m) s += up[k]; })                \
          out[o] = s * (is_max ? inv_count_##SUFFIX(xp, m, w, oy, ox, 1)                   \
                               : (T)1 / (T)(w->kh * w->kw));                               \
        }                                                                                  \
    }                                                                                      \
  }

POOL_KERNELS(float, f32)
POOL_KERNELS(double, f64)

// 2×2 stride-2 max pooling without padding or dilation (U-Net's): the same values as
// nos_maxpool and nos_pool_scatter (a NaN in a window gives NaN and routes nothing; ties
// share), without the general window loop. The scatter writes every element of gx: windows
// do not overlap, and rows or columns past the last window get zero.
#define MAXPOOL2_KERNELS(T, SUFFIX)                                                        \
  void nos_maxpool2_##SUFFIX(const T *x, T *y, ptrdiff_t planes, ptrdiff_t h,             \
                             ptrdiff_t w) {                                                \
    const ptrdiff_t oh = h / 2, ow = w / 2;                                                \
    for (ptrdiff_t p = 0; p < planes; p++)                                                 \
      for (ptrdiff_t oy = 0; oy < oh; oy++) {                                              \
        const T *r0 = x + (p * h + 2 * oy) * w, *r1 = r0 + w;                              \
        T *yr = y + (p * oh + oy) * ow;                                                    \
        for (ptrdiff_t ox = 0; ox < ow; ox++) {                                            \
          T a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];        \
          T m = a;                        /* the general kernel's order (signed zeros) */  \
          if (b > m) m = b;                                                                \
          if (c > m) m = c;                                                                \
          if (d > m) m = d;                                                                \
          yr[ox] = (a != a || b != b || c != c || d != d) ? (T)NAN : m;                    \
        }                                                                                  \
      }                                                                                    \
  }                                                                                        \
  void nos_maxpool2_scatter_##SUFFIX(const T *x, const T *y, const T *g, T *gx,            \
                                     ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w) {         \
    const ptrdiff_t oh = h / 2, ow = w / 2;                                                \
    for (ptrdiff_t p = 0; p < planes; p++) {                                               \
      for (ptrdiff_t oy = 0; oy < oh; oy++) {                                              \
        const T *r0 = x + (p * h + 2 * oy) * w, *r1 = r0 + w;                              \
        T *g0 = gx + (p * h + 2 * oy) * w, *g1 = g0 + w;                                   \
        const ptrdiff_t o = (p * oh + oy) * ow;                                            \
        for (ptrdiff_t ox = 0; ox < ow; ox++) {                                            \
          const ptrdiff_t k = 2 * ox;                                                      \
          T m = y[o + ox];                                                                 \
          int ea = r0[k] == m, eb = r0[k + 1] == m, ec = r1[k] == m, ed = r1[k + 1] == m;  \
          int n = ea + eb + ec + ed;                                                       \
          T s = n ? (T)0 + g[o + ox] * ((T)1 / (T)n) : 0; /* 0 + s: as the general += */  \
          g0[k] = ea ? s : 0; g0[k + 1] = eb ? s : 0;                                      \
          g1[k] = ec ? s : 0; g1[k + 1] = ed ? s : 0;                                      \
        }                                                                                  \
        for (ptrdiff_t k = 2 * ow; k < w; k++) { g0[k] = 0; g1[k] = 0; }                   \
      }                                                                                    \
      for (ptrdiff_t r = 2 * oh; r < h; r++)                                               \
        for (ptrdiff_t k = 0; k < w; k++) gx[(p * h + r) * w + k] = 0;                     \
    }                                                                                      \
  }

MAXPOOL2_KERNELS(float, f32)
MAXPOOL2_KERNELS(double, f64)

// The flipped, transposed kernel of an input gradient: out[row][oi][e] = w[gi·og + oi][ci][k −
// 1 − e] for rows row = gi·cg + ci in [r0, r1). Windows of 9 (3 × 3) move as one reversed
// 8-float vector and a scalar: the scalar loop took 2 ns a float, a U-Net's 7.8 M weights
// every backward pass.
typedef float flip_v8 __attribute__((vector_size(32), aligned(4)));
void nos_flip_kernel_f32(const float *w, float *out, ptrdiff_t og, ptrdiff_t cg, ptrdiff_t k,
                         ptrdiff_t r0, ptrdiff_t r1) {
  for (ptrdiff_t row = r0; row < r1; row++) {
    const ptrdiff_t gi = row / cg, ci = row % cg;
    float *t = out + row * og * k;
    for (ptrdiff_t oi = 0; oi < og; oi++, t += k) {
      const float *s = w + ((gi * og + oi) * cg + ci) * k;
      if (k == 9) {
        flip_v8 v;
        __builtin_memcpy(&v, s + 1, sizeof v);
        v = __builtin_shufflevector(v, v, 7, 6, 5, 4, 3, 2, 1, 0);
        __builtin_memcpy(t, &v, sizeof v);
        t[8] = s[0];
      } else {
        for (ptrdiff_t e = 0; e < k; e++) t[e] = s[k - 1 - e];
      }
    }
  }
}
