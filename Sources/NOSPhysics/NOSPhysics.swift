// NOSPhysics: random fields, PDE solvers, ODE integrators, dataset generators.
import NOSGrad
