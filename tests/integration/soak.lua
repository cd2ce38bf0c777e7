-- soak.lua: wrk script of tests/integration/test_soak.c's mix: each connection rotates through cached and
-- uncached public requests and a private feed (the user test_soak.c creates).

local envelope = [[<EWS-SimpleMessage version="2.0"><Authentication><username>soak-user</username><token>soak-s3cret</token></Authentication></EWS-SimpleMessage>]]

local mix = {
   {"GET", "/alert/retrieveAlertsCount?time=10"},
   {"GET", "/alert/retrieveAlertsCountWithType?time=60"},
   {"GET", "/alert/retrieveAlertsJson"},
   {"GET", "/alert/retrieveAlertStats?ci=-1"},
   {"GET", "/alert/datasetAlertsPerMonth?days=7"},
   {"GET", "/alert/topCountriesAttacks"},
   {"GET", "/alert/retrieveLatLonAttacks?direction=dst"},
   {"GET", "/alert/tops?type=destports&days=7"},
   {"GET", "/alert/nothingHere"},
   {"GET", "/alert/retrieveAlertsCount?time=abc"},
   {"GET", "/heartbeat"},
   {"GET", "/alert/heartbeat"},
   {"POST", "/alert/retrieveIPs?out=json", envelope},
   {"POST", "/alert/querySingleIP?ip=45.67.89.10", envelope},
}

-- the deliberate 404 and 400 of the mix are expected answers, not failures
local expected = {[200] = true, [400] = true, [404] = true}
unexpected = 0

local next_request = 0

function init(args)
   next_request = math.random(#mix) - 1
end

function request()
   next_request = next_request % #mix + 1
   local r = mix[next_request]
   local headers = r[3] and {["Content-Type"] = "text/xml"} or nil
   return wrk.format(r[1], r[2], headers, r[3])
end

function response(status, headers, body)
   if not expected[status] then unexpected = unexpected + 1 end
end

local threads = {}
function setup(thread)
   threads[#threads + 1] = thread
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
   io.write(string.format("Unexpected statuses: %d\n", total))
end
