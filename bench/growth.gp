# growth.gp: bench/growth-report's chart: how the uncached endpoints and the bad-IP list grow with the data
# (gnuplot -e "csv='..'; png='..'"; growth.csv's columns: 1 alerts 2 scenario 3 group 4 cache 5 requests
# 6 p50_ms 7 p99_ms 8 engine_took_p50_ms 9 worker_hwm_kb 10 first_call_s 11 addresses).

set datafile separator ","
set terminal pngcairo size 1600,1200 font "DejaVu Sans,10"
set output png
set multiplot layout 2,2 title "peba through nginx: cost per request against the number of alerts"

public = system("awk -F, 'NR > 1 && $3 == \"public\" && !seen[$2]++ { print $2 }' '" . csv . "' | tr '\\n' ' '")
rows(s) = "< awk -F, -v s='" . s . "' 'NR > 1 && $2 == s' '" . csv . "'"

# the sizes measured, with a margin on both sides (a log axis would otherwise widen to whole decades)
stats "< awk -F, 'NR > 1' '" . csv . "'" using 1 nooutput
set xrange [STATS_min / 1.5 : STATS_max * 1.5]
set logscale xy
set grid xtics ytics mxtics mytics
set xlabel "alerts (log)"
set key outside right top vertical font ",8"
set format x "%.0s%c"

set title "uncached public endpoints: p50 through nginx"
set ylabel "ms (log)"
plot for [s in public] rows(s) using 1:6 with linespoints title s

set title "uncached public endpoints: the engine's took (p50)"
set ylabel "ms (log)"
plot for [s in public] rows(s) using 1:($8 > 0 ? $8 : 1/0) with linespoints title s

set title "bad-IP list (retrieveIPs): p50 and first call"
set ylabel "s (log)"
plot rows("retrieveIPs") using 1:($6 / 1000) with linespoints title "XML p50", \
     rows("retrieveIPs-json") using 1:($6 / 1000) with linespoints title "JSON p50", \
     rows("retrieveIPs") using 1:10 with linespoints title "XML first call", \
     rows("retrieveIPs-json") using 1:10 with linespoints title "JSON first call"

set title "workers' peak memory (VmHWM) after each bad-IP list"
set ylabel "MB"
unset logscale y
set yrange [0:*]
plot rows("retrieveIPs") using 1:($9 / 1024) with linespoints title "after XML", \
     rows("retrieveIPs-json") using 1:($9 / 1024) with linespoints title "after JSON"

unset multiplot
