# chart.gp: bench/run's chart: the public answers' three layers (nginx's cache, memcached past it, a miss)
# side by side, requests/s against nginx's own fixed answer and the FastCGI ceiling, and their p99
# (gnuplot -e "csv='..'; png='..'").

set terminal pngcairo size 1600,1000 font "DejaVu Sans,10"
set output png
set multiplot layout 2,1 title "peba's public answers through nginx: nginx's cache, memcached, a miss"

# one row per public endpoint: name, then req/s and p99 of each layer ("-" when a layer is missing)
layers = "< awk -F, 'NR > 1 && $2 == \"public\" { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } rps[$1, $3] = $8; p99[$1, $3] = $11 } " . \
         "END { for (i = 1; i <= n; i++) { e = order[i]; printf \"%s\", e; " . \
         "for (l = 1; l <= 3; l++) { k = (l == 1 ? \"nginx\" : l == 2 ? \"memcached\" : \"miss\"); " . \
         "printf \" %s %s\", (e SUBSEP k) in rps ? rps[e, k] : \"-\", (e SUBSEP k) in p99 ? p99[e, k] : \"-\" } print \"\" } }' '" . csv . "'"
ceiling(name) = real(system("awk -F, '$1 == \"" . name . "\" { v = $8 } END { print v + 0 }' '" . csv . "'"))
static_rps = ceiling("nginx-static")
fcgi_rps = ceiling("fastcgi-hello")

set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set logscale y
set xtics rotate by -30 left nomirror font ",9"
set key outside right bottom vertical
set bmargin 8

set ylabel "requests/s (log)"
set arrow 1 from graph 0, first static_rps to graph 1, first static_rps nohead dashtype 2 linewidth 2 linecolor rgb "#222222"
set label 1 sprintf("nginx alone %.0f/s", static_rps) at graph 1.01, first static_rps left font ",9"
set arrow 2 from graph 0, first fcgi_rps to graph 1, first fcgi_rps nohead dashtype 3 linewidth 2 linecolor rgb "#555555"
set label 2 sprintf("FastCGI %.0f/s", fcgi_rps) at graph 1.01, first fcgi_rps left font ",9"
plot layers using 2:xticlabels(1) title "nginx cache hit" linecolor rgb "#3b75af", \
     layers using 4 title "memcached hit" linecolor rgb "#519e3e", \
     layers using 6 title "miss (engine)" linecolor rgb "#ef8636"

unset arrow 1
unset arrow 2
unset label 1
unset label 2
set ylabel "p99 latency ms (log)"
set arrow 3 from graph 0, first 5 to graph 1, first 5 nohead dashtype 2 linewidth 2 linecolor rgb "#c03d3e"
set label 3 "5 ms" at graph 1.01, first 5 left font ",9"
plot layers using 3:xticlabels(1) title "nginx cache hit" linecolor rgb "#3b75af", \
     layers using 5 title "memcached hit" linecolor rgb "#519e3e", \
     layers using 7 title "miss (engine)" linecolor rgb "#ef8636"

unset multiplot
