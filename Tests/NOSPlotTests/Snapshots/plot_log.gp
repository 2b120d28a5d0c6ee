# nos figure: line plot, 1 series
$nos1 << EOD
0 1
1 0.1
2 0.01
3 0.001
EOD
reset
set title 'loss' font ',12'
set xlabel 'epoch'
set logscale y
set grid lc rgb '#dddddd' lw 1
set autoscale xfix
unset key
plot $nos1 using 1:2 with lines lw 2 lc rgb '#0072b2' notitle
undefine $nos1
