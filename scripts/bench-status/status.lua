-- wrk script: for ids read from $IDS_FILE, spread over the queue, either
-- GET /status/{id} (the default) or, with REQUEST=join, POST /users/join
-- {"user_id": id} of candidates already placed (idempotent joins, as the
-- frontend and Cloud Tasks both send one).
local ids = {}
local counter = 0
local join = os.getenv("REQUEST") == "join"

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
  local id = ids[(index % #ids) + 1]
  if join then
    return wrk.format("POST", "/users/join", {["Content-Type"] = "application/json"}, '{"user_id":"' .. id .. '"}')
  end
  return wrk.format("GET", "/status/" .. id)
end
