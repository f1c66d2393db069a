-- wrk: addjob over keep-alive connections (form POST, like scripts and control.py's GET).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/json/addjob", nil,
    "parent=bench&title=frame+" .. n .. "&cmd=render+--frame+" .. n .. "+scene.ma&priority=1000")
end
