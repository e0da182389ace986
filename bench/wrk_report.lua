-- wrk script for bench/load.py: stops a thread after WRK_MAX_PER_THREAD responses (a bound on the
-- count as well as the time) and prints one JSON line of figures, latencies in milliseconds.
local max_per_thread = tonumber(os.getenv("WRK_MAX_PER_THREAD") or "1000000")
local count = 0

function response(status, headers, body)
  count = count + 1
  if count >= max_per_thread then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"requests": %d, "errors": %d, "rps": %.2f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "first_error": null}\n',
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
