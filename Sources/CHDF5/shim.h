// libhdf5 (serial), for HDF5 data sets and MATLAB v7.3 files.
#include <hdf5.h>
