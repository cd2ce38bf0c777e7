-- wrk.lua: bench/run's wrk script: request bodies, Server-Timing collection, and one CSV row per run.
--
-- Configured through the environment (bench/run sets it for each scenario):
--   BENCH_SCENARIO, BENCH_GROUP, BENCH_CACHE   labels of the row
--   BENCH_METHOD, BENCH_CTYPE                  request method and Content-Type (POST bodies)
--   BENCH_BODIES                               a file listing body files, one a line; several rotate
--   BENCH_PATHS                                a file listing request paths (with their queries), one
--                                              a line, rotated instead of the URL's own path
--   BENCH_TIMING=1                             read each answer's Server-Timing: the worker's time
--                                              (peba), the engine round trips (es) and took (es-took)
--   BENCH_CONNECTIONS                          as given to wrk (for the row)
--   BENCH_ONE_PER_THREAD=1                     each wrk thread has one connection: then request and
--                                              answer pair up and each request's total is known here
--   BENCH_CEILING_RPS, BENCH_CEILING           requests/s of the ceiling the row is compared with, and
--                                              its name, for the ratio columns
--   BENCH_CACHE_STATUS=1                       count the answers by X-Cache-Status for the note
--   BENCH_ALERTS_PER_REQUEST                   ingest: alerts in each message
--   BENCH_WORKER_PIDS                          FastCGI worker pids whose VmRSS/VmHWM end the row
--   BENCH_NOTE                                 free text for the row's last column
--   BENCH_CSV                                  the CSV file the row is appended to
--   BENCH_FAILED                               a file that gets a line when any request failed

local env = os.getenv
local timing = env("BENCH_TIMING") == "1"
local paired = timing and env("BENCH_ONE_PER_THREAD") == "1"

local function read_file(path)
   local f = assert(io.open(path, "rb"))
   local text = f:read("*a")
   f:close()
   return text
end

local function lines(file)
   local list = {}
   if file then
      for line in io.lines(file) do
         if line ~= "" then list[#list + 1] = line end
      end
   end
   return list
end

local bodies = {}
for _, path in ipairs(lines(env("BENCH_BODIES"))) do bodies[#bodies + 1] = read_file(path) end
local paths = lines(env("BENCH_PATHS"))
local count_cache = env("BENCH_CACHE_STATUS") == "1"

wrk.method = env("BENCH_METHOD") or "GET"
if env("BENCH_CTYPE") then wrk.headers["Content-Type"] = env("BENCH_CTYPE") end
if #bodies == 1 then wrk.body = bodies[1] end

-- A monotonic clock in milliseconds (wrk's LuaJIT has the FFI).
local now_ms
if paired then
   local ffi = require("ffi")
   ffi.cdef [[
      typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
      int clock_gettime(int clock, bench_timespec *ts);
   ]]
   local ts = ffi.new("bench_timespec")
   now_ms = function()
      ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
      return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
   end
end

local next_body, next_path, sent_at
if #bodies > 1 or #paths > 0 or paired then
   function init(args)
      next_body = math.random(math.max(#bodies, 1))
      next_path = math.random(math.max(#paths, 1))
   end
   function request()
      local path, body
      if paired then sent_at = now_ms() end
      if #paths > 0 then
         next_path = next_path % #paths + 1
         path = paths[next_path]
      end
      if #bodies > 1 then
         next_body = next_body % #bodies + 1
         body = bodies[next_body]
      end
      return wrk.format(nil, path, nil, body)
   end
end

-- Per thread, in milliseconds, from each answer's Server-Timing: the worker's time, the engine's round
-- trips and took (only answers that searched carry one), the worker's time outside the engine; and
-- with paired requests: each request's total, the time outside the worker (nginx, FastCGI, wrk) and
-- total minus took.
worker, engine_rtt, engine_took, worker_own, totals, outside, over_took = {}, {}, {}, {}, {}, {}, {}
cache_status = {}
local function add(list, v) list[#list + 1] = v end

-- LuaJIT's collector counts a string of many megabytes like any other allocation and may let several
-- pile up; its memory is bounded (2 GB on x86-64 without GC64), so a large answer (the bad-IP lists,
-- 16-44 MB) is collected at once.
local LARGE_BODY = 1024 * 1024

if count_cache then
   function response(status, headers, body)
      local s = headers["X-Cache-Status"] or headers["x-cache-status"] or "none"
      cache_status[s] = (cache_status[s] or 0) + 1
   end
elseif timing then
   function response(status, headers, body)
      local total = paired and now_ms() - sent_at
      if #body > LARGE_BODY then collectgarbage() end
      if total then add(totals, total) end
      local st = headers["Server-Timing"] or headers["server-timing"]
      if not st then return end
      local peba = tonumber(st:match("peba;dur=([%d%.]+)"))
      local rtt = tonumber(st:match("es;dur=([%d%.]+)"))
      local took = tonumber(st:match("es%-took;dur=([%d%.]+)"))
      if not (peba and rtt) then return end
      add(worker, peba)
      add(engine_rtt, rtt)
      add(worker_own, peba - rtt)
      if took then add(engine_took, took) end
      if total then
         add(outside, total - peba)
         -- took counts whole milliseconds (truncated): take the middle of its millisecond
         if took then add(over_took, total - took - 0.5) end
      end
   end
end

local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

-- The threads' tables reach done() as text. wrk 4.1's thread:get() of a table pops the thread's Lua
-- stack twice (its copy pops the table, then thread:get pops it again), so each such read leaves the
-- stack a slot lower: a few of them write below the stack's start, and done() died now and then of a
-- SIGSEGV in lua_next (once in 15 runs of the ingest scenario). A string is popped once. thread:get
-- reads a global with its metamethods, so "NAME_text" is made on demand in the finished thread's own
-- state: "key=value" lines of its table NAME.
local TEXT_SUFFIX = "_text"

setmetatable(_G, {
   __index = function(_, name)
      local list = type(name) == "string" and name:sub(-#TEXT_SUFFIX) == TEXT_SUFFIX
         and rawget(_G, name:sub(1, -#TEXT_SUFFIX - 1))
      if type(list) ~= "table" then return nil end
      local lines = {}
      for k, v in pairs(list) do lines[#lines + 1] = k .. "=" .. v end
      return table.concat(lines, "\n")
   end,
})

-- Table NAME of thread, read as text (its values are numbers).
local function thread_table(thread, name)
   local t = {}
   for k, v in (thread:get(name .. TEXT_SUFFIX) or ""):gmatch("([^\n=]+)=([^\n]+)") do t[k] = tonumber(v) end
   return t
end

local function gather(name)
   local all = {}
   for _, thread in ipairs(threads) do
      for _, v in pairs(thread_table(thread, name)) do all[#all + 1] = v end
   end
   table.sort(all)
   return all
end

local function percentile(sorted, p)
   if #sorted == 0 then return nil end
   return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

local function median(sorted)
   return percentile(sorted, 50)
end

-- "HIT 120; STALE 3" over every thread's counts of X-Cache-Status.
local function cache_note()
   local sum, names = {}, {}
   for _, thread in ipairs(threads) do
      for name, n in pairs(thread_table(thread, "cache_status")) do
         if not sum[name] then names[#names + 1] = name end
         sum[name] = (sum[name] or 0) + n
      end
   end
   table.sort(names)
   local parts = {}
   for _, name in ipairs(names) do parts[#parts + 1] = name .. " " .. sum[name] end
   return table.concat(parts, "; ")
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
   -- wrk corrects its latencies for coordinated omission, which misleads for one connection at a
   -- time: paired runs use each request's own total instead
   local exact = gather("totals")
   local function pct(p) return percentile(exact, p) or latency:percentile(p) / 1000 end
   local p50 = pct(50)
   local ceiling = tonumber(env("BENCH_CEILING_RPS") or "")
   local per_request = tonumber(env("BENCH_ALERTS_PER_REQUEST") or "")
   local took = median(gather("engine_took"))
   local over = median(gather("over_took"))
   if not over and took then over = p50 - took - 0.5 end -- unpaired: the difference of the medians
   local rss, hwm = worker_memory()
   local row = {
      env("BENCH_SCENARIO") or "", env("BENCH_GROUP") or "", env("BENCH_CACHE") or "",
      env("BENCH_CONNECTIONS") or "", fmt(seconds, "%.1f"), summary.requests, failed, fmt(rps, "%.1f"),
      fmt(p50), fmt(pct(90)), fmt(pct(99)), fmt(exact[#exact] or latency.max / 1000), fmt(ceiling and rps / ceiling, "%.3f"), fmt(took and took + 0.5),
      fmt(median(gather("engine_rtt"))), fmt(median(gather("worker"))), fmt(median(gather("worker_own"))),
      fmt(median(gather("outside"))), fmt(over),
      summary.requests > 0 and math.floor(summary.bytes / summary.requests) or 0,
      fmt(per_request and rps * per_request, "%.0f"), rss, hwm,
      (((env("BENCH_NOTE") or "") .. (count_cache and cache_note() or "")):gsub(",", ";")),
      ceiling and (env("BENCH_CEILING") or "") or "",
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
