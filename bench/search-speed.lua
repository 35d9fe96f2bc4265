-- wrk script of bench/search-speed.sh: each request is a search picked at random from a file of query strings (already
-- URL-encoded: "q=...&facet=..."), with a per-thread counter so no two requests are the same URL.
--   wrk ... -s bench/search-speed.lua URL -- queries.txt
-- done() prints the "bench-stats" line of delivery-speed.lua.
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local rows, counter = {}, 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(rows, line) end
  end
  math.randomseed(os.time() * 100 + tid)
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/api/delivery/v1/search?" .. rows[math.random(#rows)] .. "&n=" .. tid .. "-" .. counter)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench-stats requests=%d non2xx=%d socket_errors=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f rps=%.0f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
