-- wrk: heartbeats from many simulated workers. Worker k is "bench-k" holding job
-- (FIRST + k - 1); the setup script picked those jobs for them.
local workers = tonumber(os.getenv("WORKERS") or "1000")
local first = tonumber(os.getenv("FIRST_JOB") or "2")
local log = "UFJPR1JFU1M6NTAKcmVuZGVyaW5nIHRpbGUgMTIvNjQK" -- "PROGRESS:50\nrendering tile 12/64\n"
-- LOG_BYTES=N sends N bytes of output per heartbeat instead (base64 of "x...x\n" lines).
local logBytes = tonumber(os.getenv("LOG_BYTES") or "0")
if logBytes > 0 then
  local line = string.rep("x", 63) .. "\n"
  local raw = string.rep(line, math.floor(logBytes / 64))
  local b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  log = ((raw:gsub(".", function(x)
    local r, byte = "", x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#raw % 3 + 1]):gsub("+", "%%2B"):gsub("/", "%%2F"):gsub("=", "%%3D")
end
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
