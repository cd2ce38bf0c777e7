# report.awk: turns bench/run's results.csv (awk -F,) into the markdown headline table and the issue's targets.

function ms(v) { return v == "" ? "" : sprintf("%.2f", v) }
function mb(kb) { return kb == "" ? "" : sprintf("%.1f", kb / 1024) }
function pct(v) { return v == "" ? "" : sprintf("%.0f %%", v * 100) }
function verdict(ok) { return ok ? "met" : "**not met**" }

NR == 1 { next }

$2 == "memory" {
    memory[$1] = mb($19) " MB (peak " mb($20) " MB)"
    rss[$1] = $19
    next
}

{
    note = $21
    if ($18 != "") note = $18 " alerts/s" (note == "" ? "" : "; " note)
    rows = rows sprintf("| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                        $1, $3 == "" ? "-" : $3, $4, $8, ms($9), ms($11), pct($13), ms($14), ms($16), $17,
                        mb($19) " / " mb($20), note)
    if ($2 == "public" && $3 == "hit" && $13 != "" && (min_ratio == "" || $13 + 0 < min_ratio)) {
        min_ratio = $13 + 0
        min_ratio_at = $1
    }
    if ($2 == "public" && $3 == "off" && $16 != "" && $17 + 0 < 102400 && (max_over == "" || $16 + 0 > max_over)) {
        max_over = $16 + 0
        max_over_at = $1
    }
    if ($1 == "retrieveIPs") {
        ips_p50 = $9 / 1000
        ips_hwm = $20
        ips_note = $21
    }
    if ($18 != "") ingest = $18
}

END {
    print "| scenario | cache | conns | req/s | p50 ms | p99 ms | vs FastCGI | engine took p50 ms | our overhead p50 ms | bytes/answer | worker RSS / peak MB | note |"
    print "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
    printf "%s", rows
    print ""
    print "Worker memory: idle after start " memory["worker-idle-start"] ", after the run " memory["worker-after-run"] \
          ", idle after the run " memory["worker-idle-end"] "."
    print ""
    print "| target | measured | verdict |"
    print "|---|---|---|"
    if (min_ratio != "")
        printf "| cached public endpoints >= 75 %% of the FastCGI ceiling | lowest %s (%s) | %s |\n",
               pct(min_ratio), min_ratio_at, verdict(min_ratio >= 0.75)
    if (max_over != "")
        printf "| uncached overhead (total - engine took) < 1 ms at p50, answers < 100 KB | highest %s ms (%s) | %s |\n",
               ms(max_over), max_over_at, verdict(max_over < 1)
    if (ips_p50 != "")
        printf "| retrieveIPs of 500,000 addresses < 3 s, worker RSS < 64 MB | %.2f s, peak %s MB (%s) | %s |\n",
               ips_p50, mb(ips_hwm), ips_note, verdict(ips_p50 < 3 && ips_hwm < 65536)
    if (ingest != "")
        printf "| ingest >= 5,000 alerts/s with geolocation | %s alerts/s | %s |\n", ingest, verdict(ingest >= 5000)
    if ("worker-idle-start" in rss)
        printf "| idle worker RSS < 10 MB | %s MB | %s |\n", mb(rss["worker-idle-start"]), verdict(rss["worker-idle-start"] < 10240)
}
