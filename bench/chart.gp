# chart.gp: bench/run's chart: requests/s and p50/p99 latency of every scenario (gnuplot -e "csv='..'; png='..'").

set datafile separator ","
set terminal pngcairo size 1600,1000 font "DejaVu Sans,10"
set output png
set multiplot layout 2,1 title "peba through nginx: requests/s and latency per scenario"

# the measured scenarios only: no header, no memory rows
data = "< awk -F, 'NR > 1 && $2 != \"memory\"' '" . csv . "'"
label(name, cache) = cache eq "" ? name : name . " (" . cache . ")"

set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set logscale y
set xtics rotate by -40 left nomirror font ",9"
set key outside top right vertical
set bmargin 10

set ylabel "requests/s (log)"
plot data using 8:xticlabels(label(strcol(1), strcol(3))) title "requests/s" linecolor rgb "#3b75af"

set ylabel "latency ms (log)"
plot data using 9:xticlabels(label(strcol(1), strcol(3))) title "p50" linecolor rgb "#519e3e", \
     data using 11 title "p99" linecolor rgb "#ef8636"

unset multiplot
