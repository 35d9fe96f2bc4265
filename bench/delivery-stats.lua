-- wrk script of bench/delivery-speed.sh for a fixed URL (the cached runs): the same "bench-stats" line as delivery-speed.lua.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench-stats requests=%d non2xx=%d socket_errors=%d p50=%.2f p95=%.2f p99=%.2f max=%.2f rps=%.0f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
