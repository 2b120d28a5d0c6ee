// The few MPI calls nos uses, forwarded to an Open MPI loaded at run time (no mpi.h needed).
#ifndef NOS_MPI_H
#define NOS_MPI_H

/// Loads libmpi (RTLD_GLOBAL, as Open MPI's plugins need) once; 1 when every function is there.
int nos_mpi_available(void);
/// 1 when the process was started by an MPI launcher (mpirun, srun, hydra).
int nos_mpi_launched(void);
/// MPI_Init_thread(SERIALIZED) once and MPI_Finalize at exit; 0 on success.
int nos_mpi_init(void);
int nos_mpi_rank(int *rank);
int nos_mpi_size(int *size);
int nos_mpi_barrier(void);
/// kind: 0 double, 1 float; op: 0 sum, 1 max, 2 min, 3 prod. In place when send == recv.
int nos_mpi_allreduce(const void *send, void *recv, int count, int kind, int op);
int nos_mpi_bcast_bytes(void *buffer, int count, int root);
/// Gathers bytes from every rank (counts/displs in bytes) to root, or to all with root < 0.
int nos_mpi_gatherv_bytes(const void *send, int count, void *recv, const int *counts,
                          const int *displs, int root);
/// Ends the whole job (every rank) with `code`.
void nos_mpi_abort(int code);

#endif
