-- wrk script: POST /users/join {"user_id": id} for ids read from $IDS_FILE,
-- spread over the queue: every candidate is already placed (idempotent joins,
-- as the frontend and Cloud Tasks both send one).
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
  local body = '{"user_id":"' .. ids[(index % #ids) + 1] .. '"}'
  return wrk.format("POST", "/users/join", {["Content-Type"] = "application/json"}, body)
end
