// FFTW3 in double and single precision, with its threads.
#include <fftw3.h>
