// The part of libhdf5 nos uses, loaded with dlopen on first use: the library pulls in
// ~35 others (curl, TLS, Kerberos), which would slow every nos start-up by several ms.
// Declarations come from hdf5.h; each nos_ function forwards to the real one.
#ifndef NOS_HDF5_H
#define NOS_HDF5_H
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
// Debian's place: modules that import CHDF5 without NOSIO's -I flag (the synthesized
// test-discovery target, in Swift 6 mode) still find it.
#include <hdf5/serial/hdf5.h>
#endif

/// 1 when libhdf5 could be loaded (every nos_ call fails with -1 otherwise).
int nos_hdf5_available(void);
hid_t nos_H5T_NATIVE_DOUBLE(void);
hid_t nos_H5T_NATIVE_FLOAT(void);
hid_t nos_H5T_NATIVE_INT8(void);
hid_t nos_H5T_NATIVE_INT64(void);
hid_t nos_H5T_NATIVE_UINT64(void);

herr_t nos_H5open(void);
herr_t nos_H5free_memory(void *mem);
herr_t nos_H5Eset_auto2(hid_t estack, H5E_auto2_t func, void *data);
hid_t nos_H5Fopen(const char *name, unsigned flags, hid_t fapl);
herr_t nos_H5Fclose(hid_t id);
hid_t nos_H5Oopen(hid_t loc, const char *name, hid_t lapl);
herr_t nos_H5Oclose(hid_t id);
H5I_type_t nos_H5Iget_type(hid_t id);
herr_t nos_H5Lvisit(hid_t grp, H5_index_t idx, H5_iter_order_t order, H5L_iterate_t op, void *data);
htri_t nos_H5Lexists(hid_t loc, const char *name, hid_t lapl);
hid_t nos_H5Dget_space(hid_t id);
hid_t nos_H5Dget_type(hid_t id);
herr_t nos_H5Dread(hid_t dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t plist, void *buf);
herr_t nos_H5Dclose(hid_t id);
herr_t nos_H5Sclose(hid_t id);
hid_t nos_H5Screate(H5S_class_t type);
hid_t nos_H5Screate_simple(int rank, const hsize_t dims[], const hsize_t maxdims[]);
int nos_H5Sget_simple_extent_ndims(hid_t id);
int nos_H5Sget_simple_extent_dims(hid_t id, hsize_t dims[], hsize_t maxdims[]);
herr_t nos_H5Sselect_hyperslab(hid_t space, H5S_seloper_t op, const hsize_t start[], const hsize_t stride[],
                               const hsize_t count[], const hsize_t block[]);
herr_t nos_H5Tclose(hid_t id);
hid_t nos_H5Tcopy(hid_t id);
hid_t nos_H5Tcreate(H5T_class_t type, size_t size);
herr_t nos_H5Tinsert(hid_t parent, const char *name, size_t offset, hid_t member);
H5T_class_t nos_H5Tget_class(hid_t id);
size_t nos_H5Tget_size(hid_t id);
H5T_sign_t nos_H5Tget_sign(hid_t id);
int nos_H5Tget_nmembers(hid_t id);
hid_t nos_H5Tget_member_type(hid_t id, unsigned i);
char *nos_H5Tget_member_name(hid_t id, unsigned i);

// Writing.
hid_t nos_H5Fcreate(const char *name, unsigned flags, hid_t fcpl, hid_t fapl);
hid_t nos_H5Gcreate2(hid_t loc, const char *name, hid_t lcpl, hid_t gcpl, hid_t gapl);
herr_t nos_H5Gclose(hid_t id);
hid_t nos_H5Dcreate2(hid_t loc, const char *name, hid_t type, hid_t space, hid_t lcpl, hid_t dcpl,
                     hid_t dapl);
herr_t nos_H5Dwrite(hid_t dset, hid_t mem_type, hid_t mem_space, hid_t file_space, hid_t plist,
                    const void *buf);
hid_t nos_H5Tenum_create(hid_t base);
herr_t nos_H5Tenum_insert(hid_t type, const char *name, const void *value);

#endif
