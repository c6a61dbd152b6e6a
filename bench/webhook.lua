-- wrk script for the webhook benchmark (see bench/webhook-bench.sh).
-- args: DIR PREFIX REDELIVER_FRACTION RESULT_FILE CONNECTIONS LABEL
--   DIR/template.json  envelope with @ID@ where data.id goes
--   DIR/sigs-T.txt     line i = hex HMAC-SHA1 of the envelope with id PREFIX..T.."-"..(i-1), for wrk thread T
-- Each request is a new unique delivery, except that with probability REDELIVER_FRACTION it repeats one of the
-- last 2,000 ids this thread sent (a redelivery, same bytes and signature). Response bodies are classified
-- ("accepted" / "duplicate" / 503 / other) and the totals, percentiles and per-thread ids sent go to RESULT_FILE.

local threads = {}
local nthreads = 0

function setup(thread)
   thread:set("tid", nthreads)
   nthreads = nthreads + 1
   table.insert(threads, thread)
end

function init(raw)
   -- wrk passes the URL as args[0] and the arguments after "--" as args[1..]
   local args = raw
   local dir = args[1]
   prefix = args[2]
   redeliver_arg = args[3] or "0"
   redeliver = tonumber(redeliver_arg)
   result_file = args[4]
   connections = tonumber(args[5] or "0")
   label = args[6] or ""
   local f = assert(io.open(dir .. "/template.json", "rb"))
   local tpl = f:read("*a")
   f:close()
   local s, e = tpl:find("@ID@", 1, true)
   head = tpl:sub(1, s - 1)
   tail = tpl:sub(e + 1)
   sigs = {}
   for line in io.lines(dir .. "/sigs-" .. tid .. ".txt") do
      sigs[#sigs + 1] = line
   end
   idprefix = prefix .. tid .. "-"
   sent, redelivered, exhausted = 0, 0, 0
   accepted, duplicate, busy, other = 0, 0, 0, 0
   math.randomseed(1000 + tid)
   hdr = { ["Content-Type"] = "application/json" }
end

function request()
   local i
   if redeliver > 0 and sent > 0 and math.random() < redeliver then
      local lo = sent - 2000
      if lo < 1 then lo = 1 end
      i = math.random(lo, sent)
      redelivered = redelivered + 1
   elseif sent < #sigs then
      sent = sent + 1
      i = sent
   else
      -- out of pre-signed ids: repeat the last one (counted, and reported as a flaw of the run)
      exhausted = exhausted + 1
      i = sent
   end
   hdr["X-Spark-Signature"] = sigs[i]
   return wrk.format("POST", "/webhooks/webex", hdr, head .. idprefix .. (i - 1) .. tail)
end

function response(status, headers, body)
   if status == 200 then
      if body:find("accepted", 1, true) then
         accepted = accepted + 1
      elseif body:find("duplicate", 1, true) then
         duplicate = duplicate + 1
      else
         other = other + 1
      end
   elseif status == 503 then
      busy = busy + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local first = threads[1]
   local out = assert(io.open(first:get("result_file"), "w"))
   local t = { accepted = 0, duplicate = 0, busy = 0, other = 0, redelivered = 0, exhausted = 0 }
   local lines = {}
   for _, th in ipairs(threads) do
      local id = th:get("tid")
      for k, _ in pairs(t) do
         t[k] = t[k] + th:get(k)
      end
      lines[#lines + 1] = "sent." .. id .. "=" .. th:get("sent")
   end
   local e = summary.errors
   local res = {
      "label=" .. first:get("label"),
      "threads=" .. #threads,
      "connections=" .. first:get("connections"),
      "redeliver=" .. first:get("redeliver_arg"),
      "duration_us=" .. summary.duration,
      "requests=" .. summary.requests,
      "socket_errors=" .. (e.connect + e.read + e.write + e.timeout),
      "status_errors=" .. e.status,
      "p50_us=" .. latency:percentile(50),
      "p90_us=" .. latency:percentile(90),
      "p99_us=" .. latency:percentile(99),
      "p999_us=" .. latency:percentile(99.9),
      "max_us=" .. latency.max,
      "mean_us=" .. math.floor(latency.mean),
   }
   for k, v in pairs(t) do
      res[#res + 1] = k .. "=" .. v
   end
   for _, l in ipairs(lines) do
      res[#res + 1] = l
   end
   out:write(table.concat(res, "\n") .. "\n")
   out:close()
   if t.exhausted > 0 then
      io.stderr:write("WARNING: ran out of pre-signed ids; " .. t.exhausted .. " requests repeated the last id\n")
   end
end
