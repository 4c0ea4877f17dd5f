-- Overload: distinct 512x512 views at 1000 iterations near the boundary, never cached, from far
-- more connections than render slots + queue. Most answers are 503s; wrk counts them as
-- "Non-2xx"; the driver measures their latency, /health and RSS on the side.
-- PACE_MS (optional): each connection waits that long before its next request, so that the
-- offered rate is fixed (an open load) instead of following the server's answers (a flood).
local pace = tonumber(os.getenv("PACE_MS") or "0")
local n = 0
-- A global, not a local: setup()'s thread:set() assigns the thread's global, which a local of
-- the same name would hide (the threads then asked for the same keys at the same moment).
offset = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * 1000003)
  threads = threads + 1
end

function request()
  n = n + 1
  return wrk.format("GET", string.format(
      "/api/v1/render?re=-0.7436%d&im=0.1318&span=0.004&width=512&height=512&iterations=1000", offset + n))
end

function delay()
  return pace
end
