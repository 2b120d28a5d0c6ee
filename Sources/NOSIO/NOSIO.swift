// NOSIO: NumPy .npy/.npz, HDF5, model files and CSV.
import NOSTensor
