-- wrk script: POST /api/heartbeat, each request for the next of the bench's signed-in listeners.
-- Environment: BENCH_TOKENS (file, one token a line), BENCH_CONNECT (ISO time), BENCH_START (epoch seconds).
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local connect = os.getenv("BENCH_CONNECT")
local start = tonumber(os.getenv("BENCH_START"))
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local i = 0
function request()
  i = i + 1
  local token = tokens[((offset or 0) + i) % #tokens + 1]
  local body = string.format('{"connect_time":"%s","played_seconds":%d}', connect, os.time() - start)
  return wrk.format("POST", "/api/heartbeat",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
