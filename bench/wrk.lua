-- wrk.lua: bench/run's wrk script: request bodies, Server-Timing collection, and one CSV row per run.
--
-- Configured through the environment (bench/run sets it for each scenario):
--   BENCH_SCENARIO, BENCH_GROUP, BENCH_CACHE   labels of the row
--   BENCH_METHOD, BENCH_CTYPE                  request method and Content-Type (POST bodies)
--   BENCH_BODIES                               a file listing body files, one a line; several rotate
--   BENCH_TIMING=1                             read each answer's Server-Timing (engine round trip, took)
--   BENCH_CONNECTIONS                          as given to wrk (for the row)
--   BENCH_CEILING_RPS                          requests/s of the FastCGI ceiling, for the ratio column
--   BENCH_ALERTS_PER_REQUEST                   ingest: alerts in each message
--   BENCH_WORKER_PIDS                          FastCGI worker pids whose VmRSS/VmHWM end the row
--   BENCH_NOTE                                 free text for the row's last column
--   BENCH_CSV                                  the CSV file the row is appended to
--   BENCH_FAILED                               a file that gets a line when any request failed

local env = os.getenv

local function read_file(path)
   local f = assert(io.open(path, "rb"))
   local text = f:read("*a")
   f:close()
   return text
end

local bodies = {}
if env("BENCH_BODIES") then
   for path in io.lines(env("BENCH_BODIES")) do
      if path ~= "" then bodies[#bodies + 1] = read_file(path) end
   end
end

wrk.method = env("BENCH_METHOD") or "GET"
if env("BENCH_CTYPE") then wrk.headers["Content-Type"] = env("BENCH_CTYPE") end
if #bodies == 1 then wrk.body = bodies[1] end

if #bodies > 1 then
   local next_body
   function init(args)
      next_body = math.random(#bodies)
   end
   function request()
      next_body = next_body % #bodies + 1
      return wrk.format(nil, nil, nil, bodies[next_body])
   end
end

-- Per thread: the engine's round trip and took of every answer that carried them (milliseconds).
engine_rtt, engine_took = {}, {}
if env("BENCH_TIMING") == "1" then
   function response(status, headers, body)
      local timing = headers["Server-Timing"] or headers["server-timing"]
      if timing then
         local rtt = tonumber(timing:match("es;dur=([%d%.]+)"))
         local took = tonumber(timing:match("es%-took;dur=([%d%.]+)"))
         if rtt then engine_rtt[#engine_rtt + 1] = rtt end
         if took then engine_took[#engine_took + 1] = took end
      end
   end
end

local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

local function gather(name)
   local all = {}
   for _, thread in ipairs(threads) do
      for _, v in ipairs(thread:get(name) or {}) do all[#all + 1] = v end
   end
   table.sort(all)
   return all
end

-- Median of sorted values; `whole` values are truncated milliseconds (the engine's took),
-- so the median is interpolated inside its millisecond.
local function median(sorted, whole)
   local n = #sorted
   if n == 0 then return nil end
   local rank = (n + 1) / 2
   local v = sorted[math.floor(rank)]
   if not whole then return v end
   local first, last = n + 1, 0
   for i = 1, n do
      if sorted[i] == v then
         if i < first then first = i end
         last = i
      end
   end
   return v + (rank - first + 0.5) / (last - first + 1)
end

-- The largest VmRSS and VmHWM among the workers, in kB.
local function worker_memory()
   local rss, hwm = 0, 0
   for pid in (env("BENCH_WORKER_PIDS") or ""):gmatch("%d+") do
      local f = io.open("/proc/" .. pid .. "/status")
      if f then
         local status = f:read("*a")
         f:close()
         rss = math.max(rss, tonumber(status:match("VmRSS:%s*(%d+)")) or 0)
         hwm = math.max(hwm, tonumber(status:match("VmHWM:%s*(%d+)")) or 0)
      end
   end
   return rss, hwm
end

local function fmt(v, pattern)
   if v == nil then return "" end
   return string.format(pattern or "%.3f", v)
end

function done(summary, latency, requests)
   local e = summary.errors
   local failed = e.connect + e.read + e.write + e.status + e.timeout
   local seconds = summary.duration / 1e6
   local rps = summary.requests / seconds
   local p50 = latency:percentile(50) / 1000
   local ceiling = tonumber(env("BENCH_CEILING_RPS") or "")
   local per_request = tonumber(env("BENCH_ALERTS_PER_REQUEST") or "")
   local took = median(gather("engine_took"), true)
   local rtt = median(gather("engine_rtt"), false)
   local rss, hwm = worker_memory()
   local row = {
      env("BENCH_SCENARIO") or "", env("BENCH_GROUP") or "", env("BENCH_CACHE") or "",
      env("BENCH_CONNECTIONS") or "", fmt(seconds, "%.1f"), summary.requests, failed, fmt(rps, "%.1f"),
      fmt(p50), fmt(latency:percentile(90) / 1000), fmt(latency:percentile(99) / 1000),
      fmt(latency.max / 1000), fmt(ceiling and rps / ceiling, "%.3f"), fmt(took), fmt(rtt),
      fmt(took and p50 - took), summary.requests > 0 and math.floor(summary.bytes / summary.requests) or 0,
      fmt(per_request and rps * per_request, "%.0f"), rss, hwm, ((env("BENCH_NOTE") or ""):gsub(",", ";")),
   }
   local csv = assert(io.open(assert(env("BENCH_CSV"), "BENCH_CSV not set"), "a"))
   csv:write(table.concat(row, ","), "\n")
   csv:close()
   if (failed > 0 or summary.requests == 0) and env("BENCH_FAILED") then
      local f = assert(io.open(env("BENCH_FAILED"), "a"))
      f:write(string.format("%s (%s): %d of %d requests failed (connect %d, read %d, write %d, status %d, timeout %d)\n",
                            row[1], row[3], failed, summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
      f:close()
   end
end
