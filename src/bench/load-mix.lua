-- wrk: a mix of the dashboard's and a poller's reads over searches 1..SEARCHES and trials 1..TRIALS, and counts of
-- responses by class (wrk itself only counts "non-2xx or 3xx").
local searches = tonumber(os.getenv("SEARCHES") or "3")
local trials = tonumber(os.getenv("TRIALS") or "64")
local threads = {}
local paths = {
  function() return "/api/searches" end,
  function() return "/api/searches/" .. math.random(searches) end,
  function() return "/api/searches/" .. math.random(searches) .. "/top?k=5" end,
  function() return "/api/searches/" .. math.random(searches) .. "/trials?page=0&size=50" end,
  function() return "/api/searches/" .. math.random(searches) .. "/grid" end,
  function() return "/api/trials/" .. math.random(trials) end,
  function() return "/api/trials/" .. math.random(trials) .. "/epochs" end,
  function() return "/api/trials/top?k=10" end,
  function() return "/api/datasets" end,
  function() return "/actuator/health" end,
}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  c2, c4, c5 = 0, 0, 0
  math.randomseed(id * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)]())
end

function response(status, headers, body)
  if status >= 500 then c5 = c5 + 1 elseif status >= 400 then c4 = c4 + 1 else c2 = c2 + 1 end
end

function done(summary, latency, requests)
  local s2, s4, s5 = 0, 0, 0
  for _, t in ipairs(threads) do
    s2, s4, s5 = s2 + t:get("c2"), s4 + t:get("c4"), s5 + t:get("c5")
  end
  io.write(string.format("responses: 2xx/3xx %d, 4xx %d, 5xx %d\n", s2, s4, s5))
end
