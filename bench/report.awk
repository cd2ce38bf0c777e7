# report.awk: turns bench/run's results.csv (awk -F,) into the markdown tables (the public answers' three
# layers side by side, then every scenario) and the targets.
#
# Columns: 1 scenario 2 group 3 cache 4 connections 5 duration_s 6 requests 7 errors 8 rps 9 p50_ms
# 10 p90_ms 11 p99_ms 12 max_ms 13 ratio_to_ceiling 14 engine_took_p50_ms 15 engine_rtt_p50_ms
# 16 worker_p50_ms 17 worker_own_p50_ms 18 outside_worker_p50_ms 19 overhead_p50_ms
# 20 bytes_per_response 21 alerts_per_s 22 worker_rss_kb 23 worker_hwm_kb 24 note 25 ceiling
# cache (3) of the public scenarios: nginx (nginx's cache), memcached (peba's, past nginx's), miss (neither).

function ms(v) { return v == "" ? "" : sprintf("%.2f", v) }
function mb(kb) { return kb == "" ? "" : sprintf("%.1f", kb / 1024) }
function pct(v) { return v == "" ? "" : sprintf("%.0f %%", v * 100) }
function num(v) { return v == "" ? "" : sprintf("%.0f", v) }
function verdict(ok) { return ok ? "met" : "**not met**" }

NR == 1 { next }

$2 == "memory" {
    memory[$1] = mb($22) " MB (peak " mb($23) " MB; " $24 ")"
    rss[$1] = $22
    next
}

{
    note = $24
    if ($21 != "") note = $21 " alerts/s" (note == "" ? "" : "; " note)
    rows = rows sprintf("| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                        $1, $3 == "" ? "-" : $3, $4, $8, ms($9), ms($11), $13 == "" ? "" : pct($13) " " $25,
                        ms($14), ms($15), ms($17), ms($18), ms($19), $20, mb($22) " / " mb($23), note)
    if ($2 == "ceiling")
        ceiling[$1] = $8
    if ($2 == "public") {
        if (!($1 in seen)) {
            seen[$1] = 1
            order[++endpoints] = $1
        }
        rps[$1, $3] = $8
        p50[$1, $3] = $9
        p99[$1, $3] = $11
        ratio[$1, $3] = $13
    }
    if ($2 == "public" && $3 == "nginx" && $13 != "") {
        if (min_nginx == "" || $13 + 0 < min_nginx) { min_nginx = $13 + 0; min_nginx_at = $1 }
        if (max_p99 == "" || $11 + 0 > max_p99) { max_p99 = $11 + 0; max_p99_at = $1 }
    }
    if ($2 == "public" && $3 == "memcached" && $13 != "" && (min_mc == "" || $13 + 0 < min_mc)) {
        min_mc = $13 + 0
        min_mc_at = $1
    }
    if ($2 == "public" && $3 == "miss" && $19 != "" && $20 + 0 < 102400 && (max_over == "" || $19 + 0 > max_over)) {
        max_over = $19 + 0
        max_over_at = $1
        max_parts = sprintf("engine outside took %s, worker outside the engine %s, nginx and FastCGI %s",
                            ms($15 - $14), ms($17), ms($18))
    }
    if ($2 == "paused") {
        paused = sprintf("%.0f req/s, p99 %s ms, max %s ms, %d of %d failed (%s)", $8, ms($11), ms($12), $7, $6, $24)
        paused_ok = $7 == 0 && $6 > 0
    }
    if ($1 == "retrieveIPs") {
        ips_p50 = $9 / 1000
        ips_hwm = $23
        ips_note = $24
    }
    if ($21 != "") ingest = $21
}

END {
    if (endpoints) {
        printf "Public answers by layer (ceilings: nginx's fixed answer %.0f req/s, FastCGI %.0f req/s):\n\n",
               ceiling["nginx-static"], ceiling["fastcgi-hello"]
        print "| endpoint | nginx cache req/s | p99 ms | vs nginx static | memcached req/s | p99 ms | vs FastCGI | miss req/s | p50 ms | p99 ms |"
        print "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
        for (i = 1; i <= endpoints; i++) {
            e = order[i]
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", e, num(rps[e, "nginx"]), ms(p99[e, "nginx"]),
                   pct(ratio[e, "nginx"]), num(rps[e, "memcached"]), ms(p99[e, "memcached"]), pct(ratio[e, "memcached"]),
                   num(rps[e, "miss"]), ms(p50[e, "miss"]), ms(p99[e, "miss"])
        }
        print ""
    }
    print "| scenario | cache | conns | req/s | p50 ms | p99 ms | vs ceiling | engine took p50 | engine round trip p50 | worker outside the engine p50 | nginx+FastCGI p50 | total - took p50 | bytes/answer | worker RSS / peak MB | note |"
    print "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
    printf "%s", rows
    print ""
    print "Worker memory: idle after start " memory["worker-idle-start"] "; after the run " memory["worker-after-run"] \
          "; idle after the run " memory["worker-idle-end"] "."
    print ""
    if (mode == "short") {
        print "Short mode: a regression check of every request, not a measurement; no targets are judged."
        exit
    }
    print "| target | measured | verdict |"
    print "|---|---|---|"
    if (min_nginx != "")
        printf "| cached public endpoints (nginx's cache) >= 50 %% of nginx's fixed answer | lowest %s (%s) | %s |\n",
               pct(min_nginx), min_nginx_at, verdict(min_nginx >= 0.5)
    if (max_p99 != "")
        printf "| cached public endpoints (nginx's cache): p99 < 5 ms at 32 connections | highest %s ms (%s) | %s |\n",
               ms(max_p99), max_p99_at, verdict(max_p99 < 5)
    if (paused != "")
        printf "| engine paused: every dashboard answer 200 | %s | %s |\n", paused, verdict(paused_ok)
    if (min_mc != "")
        printf "| memcached hits (past nginx's cache) >= 75 %% of the FastCGI ceiling | lowest %s (%s) | %s |\n",
               pct(min_mc), min_mc_at, verdict(min_mc >= 0.75)
    if (max_over != "")
        printf "| uncached: total - engine took < 1 ms at p50, answers < 100 KB | highest %s ms (%s; p50s: %s) | %s |\n",
               ms(max_over), max_over_at, max_parts, verdict(max_over < 1)
    if (ips_p50 != "" && ips_note + 0 >= 500000)
        printf "| retrieveIPs of 500,000 addresses < 3 s, worker RSS < 64 MB | %.2f s, peak %s MB (%s) | %s |\n",
               ips_p50, mb(ips_hwm), ips_note, verdict(ips_p50 < 3 && ips_hwm < 65536)
    if (ingest != "")
        printf "| ingest >= 5,000 alerts/s with geolocation | %s alerts/s | %s |\n", ingest, verdict(ingest >= 5000)
    if ("worker-idle-start" in rss)
        printf "| idle worker RSS < 10 MB | %s MB | %s |\n", mb(rss["worker-idle-start"]), verdict(rss["worker-idle-start"] < 10240)
}
