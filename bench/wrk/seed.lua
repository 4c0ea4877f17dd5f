-- The seed's request, /mandelbrot?width=1024&height=1024&ext=png, kept uncached: each request
-- asks for one more iteration than the last (1000, 1001, ...), which changes the cache key but
-- not the cost. FIRST (default 1000) is the first count: run.sh warms the server up from 100 for
-- 10 s, which stays below 1000 at up to 90 requests a second.
--   wrk -t1 -c1 -d20s -s bench/wrk/seed.lua http://127.0.0.1:PORT
local first = tonumber(os.getenv("FIRST") or "1000")
local n = 0

function request()
  n = n + 1
  return wrk.format("GET", string.format("/mandelbrot?width=1024&height=1024&ext=png&iterations=%d", first - 1 + n))
end
