-- wrk script of bench/delivery-speed.sh. Every request differs (a per-thread counter in `n`), so the output cache never
-- answers: what is measured is the query or the lookup itself.
--   wrk ... -s bench/delivery-speed.lua URL -- query  pairs.tsv     (year, category and skip random; "year<TAB>category<TAB>count" lines)
--   wrk ... -s bench/delivery-speed.lua URL -- id|path stories.tsv  (a random story by key or by path)
-- done() prints one "bench-stats" line: requests, non-2xx answers, socket errors, p50/p95/p99/max in ms, requests/s.
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

local mode, rows, counter = nil, {}, 0

function init(args)
  mode = args[1]
  for line in io.lines(args[2]) do
    if mode == "query" then
      local year, category, count = line:match("^(%d+)\t([^\t]+)\t(%d+)")
      local encoded = category:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end)
      table.insert(rows, { year = year, category = encoded, count = tonumber(count) })
    else
      local key, path = line:match("^([^\t]+)\t([^\t]+)")
      table.insert(rows, { key = key, path = path })
    end
  end
  math.randomseed(os.time() * 100 + tid)
end

function request()
  counter = counter + 1
  local nonce = "n=" .. tid .. "-" .. counter
  local row = rows[math.random(#rows)]
  local path
  if mode == "query" then
    path = "/api/delivery/v1/content?filter=contentType:winnerStory&filter=year:" .. row.year .. "&filter=category:" .. row.category ..
      "&sort=name:asc&take=20&skip=" .. math.random(0, math.max(0, row.count - 20)) .. "&" .. nonce
  elseif mode == "id" then
    path = "/api/delivery/v1/content/item/" .. row.key .. "?" .. nonce
  else
    path = "/api/delivery/v1/content/item" .. row.path .. "?" .. nonce
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench-stats requests=%d non2xx=%d socket_errors=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f rps=%.0f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
