-- cluster.lua: wrk script of tests/integration/test_cluster.c: each connection rotates through dashboard
-- routes that the test's workers do not cache, so every request reaches the engine.

local mix = {
   "/alert/retrieveAlertsCount?time=10",
   "/alert/retrieveAlertStats?ci=-1",
   "/alert/retrieveAlertsJson",
   "/alert/topCountriesAttacks",
   "/alert/retrieveLatLonAttacks?direction=src",
}

-- any answer but 200 is a failed request
unexpected = 0

local next_request = 0

function init(args)
   next_request = math.random(#mix) - 1
end

function request()
   next_request = next_request % #mix + 1
   return wrk.format("GET", mix[next_request])
end

function response(status, headers, body)
   if status ~= 200 then unexpected = unexpected + 1 end
end

local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
   io.write(string.format("Unexpected statuses: %d\n", total))
   io.write(string.format("Slowest answer: %.3f s\n", latency.max / 1e6))
end
