-- Bounded client load for the rolling-deploy test (wrk script): each connection asks in turn
-- for one of the 16 map tiles of zoom 2 or a small image of the seed's endpoint, and pauses
-- between requests so that the load does not starve the deployment of the machine's two cores.
-- Every instance renders each image once, then serves it from its cache, as a warm service does.
local n = 0

request = function()
  n = n + 1
  local path
  if n % 5 == 0 then
    path = "/mandelbrot?width=64&height=64&ext=png"
  else
    local tile = n % 16
    path = string.format("/tiles/2/%d/%d.png?iterations=256", tile % 4, math.floor(tile / 4))
  end
  return wrk.format("GET", path)
end

delay = function()
  return 10
end
