-- wrk script for bench/load.py.
--   WRK_NODES="127.0.0.1:8001,127.0.0.1:8002": thread i connects to node i (mod the count), so the
--     connections are spread evenly over the app nodes, as a proxy in front of them would spread them;
--   WRK_PATHS="/a,/b": each connection cycles through these paths (default: the URL's path);
--   WRK_MAX_PER_THREAD: a thread stops after this many responses (a bound on the count as well as time).
-- Prints one JSON line of figures for all threads together, latencies in milliseconds.
local max_per_thread = tonumber(os.getenv("WRK_MAX_PER_THREAD") or "1000000")
local nodes, paths = {}, {}
for item in string.gmatch(os.getenv("WRK_NODES") or "", "[^,]+") do table.insert(nodes, item) end
for item in string.gmatch(os.getenv("WRK_PATHS") or "", "[^,]+") do table.insert(paths, item) end
local threads = 0
local count, turn = 0, 0

function setup(thread)
  threads = threads + 1
  if #nodes > 0 then
    local host, port = string.match(nodes[(threads - 1) % #nodes + 1], "([^:]+):(%d+)")
    thread.addr = wrk.lookup(host, port)[1]
  end
end

function request()
  if #paths == 0 then return wrk.format() end
  turn = turn + 1
  return wrk.format("GET", paths[(turn - 1) % #paths + 1])
end

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
