// dlopen'ed libhdf5: the library and each function are looked up on first use.
#include "nos_hdf5.h"
#include <dlfcn.h>
#include <pthread.h>

static void *lib;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  const char *names[] = {"libhdf5_serial.so.103", "libhdf5_serial.so", "libhdf5.so.103", "libhdf5.so"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
}

static void *sym(const char *name) {
  pthread_once(&once, load);
  return lib ? dlsym(lib, name) : 0;
}

int nos_hdf5_available(void) { return sym("H5open") != 0; }

static hid_t global_id(const char *name) {
  hid_t *p = (hid_t *)sym(name);
  return p ? *p : -1;
}
hid_t nos_H5T_NATIVE_DOUBLE(void) { return global_id("H5T_NATIVE_DOUBLE_g"); }
hid_t nos_H5T_NATIVE_FLOAT(void) { return global_id("H5T_NATIVE_FLOAT_g"); }
hid_t nos_H5T_NATIVE_INT8(void) { return global_id("H5T_NATIVE_SCHAR_g"); }
hid_t nos_H5T_NATIVE_INT64(void) { return global_id("H5T_NATIVE_LLONG_g"); }
hid_t nos_H5T_NATIVE_UINT64(void) { return global_id("H5T_NATIVE_ULLONG_g"); }

// FORWARD(ret, fail, name, (params), (args)): looks the function up once, -1/0 when missing.
#define FORWARD(RET, FAIL, NAME, PARAMS, ARGS)          \
  RET nos_##NAME PARAMS {                               \
    static RET(*f) PARAMS;                              \
    if (!f) f = (RET(*) PARAMS)sym(#NAME);              \
    return f ? f ARGS : (FAIL);                         \
  }

FORWARD(herr_t, -1, H5open, (void), ())
FORWARD(herr_t, -1, H5free_memory, (void *mem), (mem))
FORWARD(herr_t, -1, H5Eset_auto2, (hid_t e, H5E_auto2_t fn, void *d), (e, fn, d))
FORWARD(hid_t, -1, H5Fopen, (const char *n, unsigned fl, hid_t p), (n, fl, p))
FORWARD(herr_t, -1, H5Fclose, (hid_t id), (id))
FORWARD(hid_t, -1, H5Oopen, (hid_t l, const char *n, hid_t p), (l, n, p))
FORWARD(herr_t, -1, H5Oclose, (hid_t id), (id))
FORWARD(H5I_type_t, H5I_BADID, H5Iget_type, (hid_t id), (id))
FORWARD(herr_t, -1, H5Lvisit, (hid_t g, H5_index_t i, H5_iter_order_t o, H5L_iterate_t op, void *d),
        (g, i, o, op, d))
FORWARD(htri_t, -1, H5Lexists, (hid_t l, const char *n, hid_t p), (l, n, p))
FORWARD(hid_t, -1, H5Dget_space, (hid_t id), (id))
FORWARD(hid_t, -1, H5Dget_type, (hid_t id), (id))
FORWARD(herr_t, -1, H5Dread, (hid_t d, hid_t mt, hid_t ms, hid_t fs, hid_t p, void *b), (d, mt, ms, fs, p, b))
FORWARD(herr_t, -1, H5Dclose, (hid_t id), (id))
FORWARD(herr_t, -1, H5Sclose, (hid_t id), (id))
FORWARD(hid_t, -1, H5Screate, (H5S_class_t t), (t))
FORWARD(hid_t, -1, H5Screate_simple, (int r, const hsize_t d[], const hsize_t m[]), (r, d, m))
FORWARD(int, -1, H5Sget_simple_extent_ndims, (hid_t id), (id))
FORWARD(int, -1, H5Sget_simple_extent_dims, (hid_t id, hsize_t d[], hsize_t m[]), (id, d, m))
FORWARD(herr_t, -1, H5Sselect_hyperslab,
        (hid_t s, H5S_seloper_t op, const hsize_t a[], const hsize_t b[], const hsize_t c[], const hsize_t d[]),
        (s, op, a, b, c, d))
FORWARD(herr_t, -1, H5Tclose, (hid_t id), (id))
FORWARD(hid_t, -1, H5Tcopy, (hid_t id), (id))
FORWARD(hid_t, -1, H5Tcreate, (H5T_class_t t, size_t s), (t, s))
FORWARD(herr_t, -1, H5Tinsert, (hid_t p, const char *n, size_t o, hid_t m), (p, n, o, m))
FORWARD(H5T_class_t, H5T_NO_CLASS, H5Tget_class, (hid_t id), (id))
FORWARD(size_t, 0, H5Tget_size, (hid_t id), (id))
FORWARD(H5T_sign_t, H5T_SGN_ERROR, H5Tget_sign, (hid_t id), (id))
FORWARD(int, -1, H5Tget_nmembers, (hid_t id), (id))
FORWARD(hid_t, -1, H5Tget_member_type, (hid_t id, unsigned i), (id, i))
FORWARD(char *, 0, H5Tget_member_name, (hid_t id, unsigned i), (id, i))
// Writing (save("x.h5", record)).
FORWARD(hid_t, -1, H5Fcreate, (const char *n, unsigned fl, hid_t c, hid_t a), (n, fl, c, a))
FORWARD(hid_t, -1, H5Gcreate2, (hid_t l, const char *n, hid_t lc, hid_t gc, hid_t ga), (l, n, lc, gc, ga))
FORWARD(herr_t, -1, H5Gclose, (hid_t id), (id))
FORWARD(hid_t, -1, H5Dcreate2, (hid_t l, const char *n, hid_t t, hid_t s, hid_t lc, hid_t dc, hid_t da),
        (l, n, t, s, lc, dc, da))
FORWARD(herr_t, -1, H5Dwrite, (hid_t d, hid_t mt, hid_t ms, hid_t fs, hid_t p, const void *b), (d, mt, ms, fs, p, b))
FORWARD(hid_t, -1, H5Tenum_create, (hid_t base), (base))
FORWARD(herr_t, -1, H5Tenum_insert, (hid_t t, const char *n, const void *v), (t, n, v))
