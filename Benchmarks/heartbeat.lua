-- wrk: heartbeats from many simulated workers. Worker k is "bench-k" holding job
-- (FIRST + k - 1); the setup script picked those jobs for them.
local workers = tonumber(os.getenv("WORKERS") or "1000")
local first = tonumber(os.getenv("FIRST_JOB") or "2")
local log = "UFJPR1JFU1M6NTAKcmVuZGVyaW5nIHRpbGUgMTIvNjQK" -- "PROGRESS:50\nrendering tile 12/64\n"
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  local k = counter % workers
  counter = counter + 1
  return wrk.format(nil, "/workers/heartbeat", nil,
    "hostname=bench-" .. k .. "&jobId=" .. (first + k) .. "&log=" .. log ..
    "&load=%5B37%2C12%5D&freeMemory=6120&totalMemory=16027")
end
response = function(status, headers, body)
  if body ~= "true" then error("heartbeat refused: " .. body) end
end
