-- wrk script: each connection stops after REQUESTS responses (default 1000), so a run is a fixed request count.
local limit = tonumber(os.getenv("REQUESTS") or "1000")
local done = 0
response = function(status, headers, body)
  done = done + 1
  if status ~= 200 then
    io.stderr:write("status " .. status .. "\n")
  end
  if done >= limit then
    wrk.thread:stop()
  end
end
