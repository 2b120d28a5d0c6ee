// zlib, for the deflated members of .npz files.
#include <zlib.h>
