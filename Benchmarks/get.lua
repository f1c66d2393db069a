-- wrk: a GET whose path comes from the PATH environment variable.
local path = os.getenv("BENCH_PATH") or "/json/getjobs?id=0"
request = function() return wrk.format("GET", path) end
