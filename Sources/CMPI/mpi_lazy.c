// dlopen'ed Open MPI: the library, its handles (exported symbols) and functions looked up once.
#include "nos_mpi.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>

typedef void *H;  // MPI_Comm, MPI_Datatype and MPI_Op are pointers in Open MPI
static void *lib;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
  const char *names[] = {"libmpi.so.40", "libmpi.so"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0] && !lib; i++)
    lib = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
}

static void *sym(const char *name) {
  pthread_once(&once, load);
  return lib ? dlsym(lib, name) : 0;
}

static int (*init_thread)(int *, char ***, int, int *);
static int (*initialized)(int *), (*finalized)(int *), (*finalize)(void);
static int (*comm_rank)(H, int *), (*comm_size)(H, int *), (*barrier)(H), (*abort_)(H, int);
static int (*allreduce)(const void *, void *, int, H, H, H);
static int (*bcast)(void *, int, H, int, H);
static int (*gatherv)(const void *, int, H, void *, const int *, const int *, H, int, H);
static int (*allgatherv)(const void *, int, H, void *, const int *, const int *, H, H);
static H world, byte_, dbl, flt, ops[4];

static int bind(void) {
  init_thread = sym("MPI_Init_thread"), initialized = sym("MPI_Initialized");
  finalized = sym("MPI_Finalized"), finalize = sym("MPI_Finalize");
  comm_rank = sym("MPI_Comm_rank"), comm_size = sym("MPI_Comm_size");
  barrier = sym("MPI_Barrier"), abort_ = sym("MPI_Abort"), allreduce = sym("MPI_Allreduce");
  bcast = sym("MPI_Bcast"), gatherv = sym("MPI_Gatherv"), allgatherv = sym("MPI_Allgatherv");
  world = sym("ompi_mpi_comm_world"), byte_ = sym("ompi_mpi_byte");
  dbl = sym("ompi_mpi_double"), flt = sym("ompi_mpi_float");
  ops[0] = sym("ompi_mpi_op_sum"), ops[1] = sym("ompi_mpi_op_max");
  ops[2] = sym("ompi_mpi_op_min"), ops[3] = sym("ompi_mpi_op_prod");
  return init_thread && initialized && finalized && finalize && comm_rank && comm_size &&
         barrier && abort_ && allreduce && bcast && gatherv && allgatherv && world && byte_ &&
         dbl && flt && ops[0] && ops[1] && ops[2] && ops[3];
}

static pthread_once_t bound = PTHREAD_ONCE_INIT;
static int ok;
static void bind_once(void) { ok = bind(); }

int nos_mpi_available(void) {
  pthread_once(&bound, bind_once);
  return ok;
}

int nos_mpi_launched(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

static void finish(void) {
  int done = 1;
  if (finalized(&done) == 0 && !done) finalize();
}

int nos_mpi_init(void) {
  if (!nos_mpi_available()) return -1;
  int started = 0, provided = 0;
  if (initialized(&started) != 0) return -1;
  if (started) return 0;
  int rc = init_thread(0, 0, 2 /* MPI_THREAD_SERIALIZED */, &provided);
  if (rc == 0) atexit(finish);
  return rc;
}

int nos_mpi_rank(int *rank) { return comm_rank(world, rank); }
int nos_mpi_size(int *size) { return comm_size(world, size); }
int nos_mpi_barrier(void) { return barrier(world); }

int nos_mpi_allreduce(const void *send, void *recv, int count, int kind, int op) {
  if (op < 0 || op > 3) return -1;
  // MPI_IN_PLACE is (void *)1 in Open MPI's mpi.h.
  return allreduce(send == recv ? (const void *)1 : send, recv, count, kind ? flt : dbl,
                   ops[op], world);
}

int nos_mpi_bcast_bytes(void *buffer, int count, int root) {
  return bcast(buffer, count, byte_, root, world);
}

int nos_mpi_gatherv_bytes(const void *send, int count, void *recv, const int *counts,
                          const int *displs, int root) {
  if (root < 0) return allgatherv(send, count, byte_, recv, counts, displs, byte_, world);
  return gatherv(send, count, byte_, recv, counts, displs, byte_, root, world);
}

void nos_mpi_abort(int code) {
  if (nos_mpi_available()) abort_(world, code);
  exit(code);
}
