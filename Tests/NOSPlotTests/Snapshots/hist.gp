# nos figure: histogram, 8 bins
$nos1 << EOD
-0.5823074240448817 3
-0.3713899537666967 2
-0.16047248348851184 3
0.05044498678967313 4
0.261362457067858 4
0.47227992734604296 5
0.6831973976242278 6
0.8941148679024127 13
EOD
reset
set title 'Histogram' font ',12'
set ylabel 'count'
set grid lc rgb '#dddddd' lw 1
unset key
set boxwidth 0.21091747027818492 absolute
set style fill solid 0.7 border lc rgb '#333333'
plot $nos1 using 1:2 with boxes lc rgb '#0072b2' notitle
undefine $nos1
