-- Distinct 256x256 tiles, so every request is a cache miss: a walk over the zoom-8 tiles that
-- cover the whole set (re in [-2, 0.5], im in [-1.25, 1.25]): interior, boundary and exterior
-- tiles in the proportions a map viewer asks for them. 1000 iterations, as the Go seed used.
-- Each wrk thread starts at its own offset so threads never repeat each other's tiles.
-- ITERATIONS (default 1000) changes the cache key but hardly the cost: run.sh warms the server
-- up on 999, so the measured walk still finds nothing in the cache.
-- SPREAD (default 7919) is how many tiles apart the threads start; SPREAD=0 makes them ask for the
-- same tiles at the same moment, as the visitors of one popular link do (run.sh popular).
--   wrk -t2 -c64 -d10s -s bench/wrk/tiles.lua http://127.0.0.1:PORT
local iterations = tonumber(os.getenv("ITERATIONS") or "1000")
local counter = 0
-- A global, not a local: setup()'s thread:set() assigns the thread's global, which a local of
-- the same name would hide (the threads then asked for the same keys at the same moment).
offset = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads * tonumber(os.getenv("SPREAD") or "7919"))
  threads = threads + 1
end

function init(args)
  counter = 0
end

function request()
  -- 160 x 160 tiles: x in [0, 160), y in [48, 208) at z = 8
  local n = (offset + counter) % (160 * 160)
  counter = counter + 1
  local x = n % 160
  local y = 48 + math.floor(n / 160)
  return wrk.format("GET", string.format("/tiles/8/%d/%d.png?iterations=%d", x, y, iterations))
end
