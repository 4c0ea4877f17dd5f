-- Bounded client load for the rolling-deploy test (wrk script): each connection asks for one of
-- 64 map tiles or a small image of the seed's endpoint in turn, and pauses between requests so
-- that the load does not starve the deployment of the machine's two cores.
local n = 0

request = function()
  n = n + 1
  local path
  if n % 5 == 0 then
    path = "/mandelbrot?width=64&height=64&ext=png"
  else
    local tile = n % 64
    path = string.format("/tiles/3/%d/%d.png", tile % 8, math.floor(tile / 8))
  end
  return wrk.format("GET", path)
end

delay = function()
  return 10
end
