-- wrk script: GET /status/{id} for ids read from $IDS_FILE, spread over the queue.
local ids = {}
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
  index = offset * 7919
end

function request()
  index = index + 1
  return wrk.format("GET", "/status/" .. ids[(index % #ids) + 1])
end
