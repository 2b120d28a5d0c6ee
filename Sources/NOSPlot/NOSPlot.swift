// NOSPlot: figures rendered to gnuplot scripts, and the sinks that show or save them.
