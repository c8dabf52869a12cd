// The Lua side of Petrel's scripting: a dispatch loop that runs for the whole
// life of the worker's VM (see worker.ts). Because it never returns, the
// functions it compiles stay alive between calls: each script is compiled once
// (kept as `f_<sha>`, Redis's name) and EVALSHA never recompiles.
//
// The loop asks the host for the next job with redis.pcall(TOKEN, 'next',
// <previous result>); TOKEN is a random string only this chunk knows, so a
// script cannot reach the loop's own channel. Scripts are compiled with a
// one-line prefix that binds KEYS, ARGV and `redis` as locals (line numbers are
// unchanged); `redis` is a read-only proxy over Petrel's API table, which
// implements Redis 7.2's redis.* semantics on top of the engine's primitives:
// argument conversion (integers exact, other numbers shortest round-trip),
// error tables, setresp, set_repl, log levels, error_reply/status_reply.
//
// Results come back in a small tagged text format (decodeResult in
// convert.ts), converted with Redis's rules (luaReplyToRedisReply): first
// return value only, numbers truncated, booleans by protocol, tables checked
// for err / ok / double / big_number / verbatim_string / map / set, then as
// arrays up to the first nil.

export const BOOTSTRAP = String.raw`
local TOKEN = ...
local R = redis
local rpcall, rsha1 = R.pcall, R.sha1hex
local type, tostring, tonumber, error, pcall, xpcall, select, unpack, rawget, next, pairs, setmetatable, loadstring, collectgarbage =
      type, tostring, tonumber, error, pcall, xpcall, select, unpack, rawget, next, pairs, setmetatable, loadstring, collectgarbage
local format, sub, gsub, match, rep = string.format, string.sub, string.gsub, string.match, string.rep
local floor, ceil = math.floor, math.ceil
local concat = table.concat
local NIL = TOKEN .. ':nil'

-- The running script's protocol (redis.setresp) and kind of chunk.
local resp = 2

-- Command arguments: Redis 7.2's luaArgsToRedisArgv. Integral values within
-- +-LLONG_MAX/2 print as integers; others as the shortest round-trip digits
-- laid out like fpconv_dtoa.
local LLHALF = 4611686018427387904
local function dtoa(x)
  if x ~= x then return 'nan' end
  if x == 1/0 then return 'inf' end
  if x == -1/0 then return '-inf' end
  local neg = x < 0
  if neg then x = -x end
  local s
  for p = 0, 16 do
    s = format('%.' .. p .. 'e', x)
    if tonumber(s) == x then break end
  end
  local m, e = match(s, '^([%d%.]+)e([-+]%d+)$')
  local digits = gsub(m, '%.', '')
  local nd = #digits
  local pexp = tonumber(e)
  local K = pexp - (nd - 1)
  local aexp = K + nd - 1
  if aexp < 0 then aexp = -aexp end
  local body
  if K >= 0 and aexp < nd + 7 then
    body = digits .. rep('0', K)
  elseif K < 0 and (K > -7 or aexp < 4) then
    local off = nd + K
    if off <= 0 then body = '0.' .. rep('0', -off) .. digits
    else body = sub(digits, 1, off) .. '.' .. sub(digits, off + 1) end
  else
    local kept = sub(digits, 1, neg and 17 or 18)
    body = sub(kept, 1, 1) .. (#kept > 1 and ('.' .. sub(kept, 2)) or '') .. 'e' .. ((K + nd - 1 < 0) and '-' or '+') .. aexp
  end
  if neg then return '-' .. body end
  return body
end
local function num2arg(x)
  if x > -LLHALF and x < LLHALF and floor(x) == x then
    if x == 0 then return '0' end
    return format('%.0f', x)
  end
  return dtoa(x)
end

local ERR_NOARGS = 'ERR Please specify at least one argument for this redis lib call'
local ERR_ARGTYPE = 'ERR Lua redis lib command arguments must be strings or integers'

local function docall(raise, ...)
  local n = select('#', ...)
  local e
  if n == 0 then
    e = ERR_NOARGS
  else
    local a = {...}
    for i = 1, n do
      local v = a[i]
      local t = type(v)
      if t == 'number' then a[i] = num2arg(v)
      elseif t ~= 'string' then e = ERR_ARGTYPE break end
    end
    if e == nil then
      local r = rpcall(unpack(a, 1, n))
      if r == NIL then return nil end
      if type(r) == 'table' then
        local m = rawget(r, 'err')
        if m ~= nil then
          -- "\1" marks errors found before the command ran (counted once, at the reply).
          if sub(m, 1, 1) == '\1' then
            e = sub(m, 2)
          else
            r = {err = m, ignore_error_stats_update = true}
            if raise then error(r) end
            return r
          end
        end
      end
      if e == nil then return r end
    end
  end
  local t = {err = e}
  if raise then error(t) end
  return t
end

local api = {}
api.call = function(...) return docall(true, ...) end
api.pcall = function(...) return docall(false, ...) end
for k, v in pairs(R) do
  if type(v) ~= 'function' then api[k] = v end
end
api.replicate_commands = function() return true end
api.breakpoint = function() return false end
api.debug = function() end
api.sha1hex = function(...)
  if select('#', ...) ~= 1 then error({err = 'ERR wrong number of arguments'}) end
  local s = ...
  if type(s) == 'number' then s = tostring(s) end
  if type(s) ~= 'string' then s = '' end
  return rsha1(s)
end
api.error_reply = function(...)
  local m = ...
  if select('#', ...) ~= 1 or type(m) ~= 'string' then return {err = 'ERR wrong number or type of arguments'} end
  if sub(m, 1, 1) == '-' then m = sub(m, 2) end
  local sp = string.find(m, ' ', 1, true)
  if sp == nil then m = 'ERR ' .. m end
  m = gsub(m, '[\r\n]+$', '')
  return {err = m}
end
api.status_reply = function(...)
  local m = ...
  if select('#', ...) ~= 1 or type(m) ~= 'string' then return {err = 'ERR wrong number or type of arguments'} end
  return {ok = m}
end
api.setresp = function(...)
  if select('#', ...) ~= 1 then error({err = 'ERR redis.setresp() requires one argument.'}) end
  local v = tonumber((...))
  if v ~= 2 and v ~= 3 then error({err = 'ERR RESP version must be 2 or 3.'}) end
  resp = v
  rpcall(TOKEN, 'resp', v)
end
api.set_repl = function(...)
  if select('#', ...) ~= 1 then error({err = 'ERR redis.set_repl() requires two arguments.'}) end
  local v = tonumber((...)) or 0
  v = v - v % 1
  if v < 0 or v > 3 then error({err = 'ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'}) end
  rpcall(TOKEN, 'set_repl', v)
end
api.log = function(...)
  local n = select('#', ...)
  if n < 2 then error({err = 'ERR redis.log() requires two arguments or more.'}) end
  local level = ...
  if tonumber(level) == nil then error({err = 'ERR First argument must be a number (log level).'}) end
  level = tonumber(level)
  if level < 0 or level > 3 then error({err = 'ERR Invalid debug level.'}) end
  local parts, k = {}, 0
  for i = 2, n do
    local v = select(i, ...)
    local t = type(v)
    if t == 'string' or t == 'number' then k = k + 1 parts[k] = tostring(v) end
  end
  rpcall(TOKEN, 'log', level - level % 1, concat(parts, ' '))
end
api.acl_check_cmd = function(...)
  local n = select('#', ...)
  if n == 0 then error({err = ERR_NOARGS}) end
  local a = {...}
  for i = 1, n do
    local v = a[i]
    local t = type(v)
    if t == 'number' then a[i] = num2arg(v)
    elseif t ~= 'string' then error({err = ERR_ARGTYPE}) end
  end
  local r = rpcall(TOKEN, 'acl', unpack(a, 1, n))
  if type(r) == 'table' then error({err = rawget(r, 'err')}) end
  return r == 1
end

-- string.format: the engine is 32-bit WebAssembly, where Lua's %d goes
-- through a 32-bit long; Redis (64-bit) prints integers up to 2^63 exactly.
-- Scripts see a string table whose format turns such %d / %i conversions into
-- exact decimal text (the string methods of values, s:format(), are unchanged).
local sformat, sfind, sgsub = string.format, string.find, string.gsub
local function format(f, ...)
  if type(f) ~= 'string' or not sfind(f, '%%[-+ #0]*%d*%.?%d*[di]') then return sformat(f, ...) end
  local n = select('#', ...)
  local a = {...}
  local k = 0
  local f2 = sgsub(f, '%%([-+ #0]*%d*%.?%d*)([%%%a])', function(spec, conv)
    if conv == '%' then return nil end
    k = k + 1
    local v = a[k]
    if (conv == 'd' or conv == 'i') and type(v) == 'number' and (v >= 2147483648 or v < -2147483648) and v == v and v ~= 1/0 and v ~= -1/0 then
      if v >= 9223372036854775808 or v < -9223372036854775808 then v = -9223372036854775808 end
      if v >= 0 then v = floor(v) else v = ceil(v) end
      a[k] = sformat('%.0f', v)
      return '%' .. sgsub(spec, '[0#]', '') .. 's'
    end
    return nil
  end)
  return sformat(f2, unpack(a, 1, n))
end
local ustring = setmetatable({format = format}, {__index = string, __newindex = function() error('Attempt to modify a readonly table', 2) end, __metatable = false})

-- Redis replaces the global pcall: an error table caught by it becomes its
-- err string (luaRedisPcall). Scripts see this one through the chunk prefix.
local rawpcall = pcall
local function packn(...) return select('#', ...), {...} end
local function upcall(...)
  local n, r = packn(rawpcall(...))
  if r[1] then return unpack(r, 1, n) end
  local e = r[2]
  if type(e) == 'table' then
    local m = rawget(e, 'err')
    local t = type(m)
    if t == 'string' or t == 'number' then e = m end
  end
  return false, e
end

local function readonly() error('Attempt to modify a readonly table', 2) end
local proxy = setmetatable({}, {__index = api, __newindex = readonly, __metatable = false})
-- Load-time API of function libraries, and each library's registrations.
local libapi = {}
for k, v in pairs(R) do
  if type(v) ~= 'function' then libapi[k] = v end
end
libapi.log = api.log
local loading = nil
-- What a library's functions see as \`redis\` when called.
local fnapi = {}
for k, v in pairs(api) do fnapi[k] = v end
local function libmeta()
  return {__index = function(_, k)
    if loading ~= nil then
      local v = libapi[k]
      if v == nil then error("Script attempted to access nonexistent global variable '" .. tostring(k) .. "'", 2) end
      return v
    end
    return fnapi[k]
  end, __newindex = readonly, __metatable = false}
end
local libproxy = setmetatable({}, libmeta())

-- Errors: the first user frame (skipping C frames and this chunk) gives the
-- line, as Redis's error handler looks at the caller when a C function raised.
local function handler(e)
  local line = 0
  for l = 3, 12 do
    local _, pos = pcall(error, '', l)
    if pos ~= '' and sub(pos, 1, 7) ~= 'petrel:' then
      line = tonumber(match(pos, ':(%d+): $')) or 0
      break
    end
  end
  local msg, nostats
  if type(e) == 'table' then
    msg = rawget(e, 'err')
    nostats = rawget(e, 'ignore_error_stats_update')
    if type(msg) == 'number' then msg = tostring(msg) end
    if type(msg) ~= 'string' then msg = 'ERR unknown error' end
  else
    msg = 'ERR ' .. tostring(e)
    msg = gsub(msg, '__RLUA_E__:global%-read:(.*)$', "Script attempted to access nonexistent global variable '%1'")
    if msg == 'ERR __RLUA_E__:command-arg-type' then msg = ERR_ARGTYPE end
  end
  return {msg, line, nostats}
end

-- Result encoding.
local function int2str(x)
  if x ~= x or x >= 9223372036854775808 or x < -9223372036854775808 then return '-9223372036854775808' end
  if x >= 0 then x = floor(x) else x = ceil(x) end
  if x == 0 then return '0' end
  return format('%.0f', x)
end

local out, n = {}, 0
local function put(s) n = n + 1 out[n] = s end

local function enc(v, depth)
  local t = type(v)
  if t == 'string' then
    put('$' .. #v .. '\n') put(v)
  elseif t == 'number' then
    put(':' .. int2str(v) .. '\n')
  elseif t == 'boolean' then
    if resp == 3 then put(v and '#t' or '#f')
    elseif v then put(':1\n')
    else put('_') end
  elseif t == 'table' then
    if depth > 1000 then
      local m = 'ERR reached lua stack limit'
      put('-' .. #m .. '\n') put(m)
      return
    end
    local x = rawget(v, 'err')
    if type(x) == 'string' then put('-' .. #x .. '\n') put(x) return end
    x = rawget(v, 'ok')
    if type(x) == 'string' then put('+' .. #x .. '\n') put(x) return end
    x = rawget(v, 'double')
    if type(x) == 'number' then put(',' .. format('%.17g', x) .. '\n') return end
    x = rawget(v, 'big_number')
    if type(x) == 'string' then put('(' .. #x .. '\n') put(x) return end
    x = rawget(v, 'verbatim_string')
    if type(x) == 'table' then
      local f, s = rawget(x, 'format'), rawget(x, 'string')
      if type(f) == 'string' and type(s) == 'string' then
        f = sub(f .. '   ', 1, 3)
        put('=' .. #s .. '\n') put(f) put(s)
        return
      end
    end
    x = rawget(v, 'map')
    if type(x) == 'table' then
      local c = 0
      for _ in next, x do c = c + 1 end
      put('%' .. c .. '\n')
      for k, y in next, x do enc(k, depth + 1) enc(y, depth + 1) end
      return
    end
    x = rawget(v, 'set')
    if type(x) == 'table' then
      local c = 0
      for _ in next, x do c = c + 1 end
      put('~' .. c .. '\n')
      for k in next, x do enc(k, depth + 1) end
      return
    end
    local c = 0
    while rawget(v, c + 1) ~= nil do c = c + 1 end
    put('*' .. c .. '\n')
    for i = 1, c do enc(rawget(v, i), depth + 1) end
  else
    put('_')
  end
end

local function encode(v)
  n = 0
  enc(v, 0)
  local s = concat(out, '', 1, n)
  for i = 1, n do out[i] = nil end
  n = 0
  return s
end

local function encerr(r)
  local m = r[1]
  return '!' .. r[2] .. '\n' .. (r[3] and '1' or '0') .. #m .. '\n' .. m
end

-- Compiled scripts and function libraries.
local PREFIX = 'local KEYS, ARGV, redis, pcall, string = ...; '
local LIBPREFIX = 'local redis, pcall, string = ...; '
local fns, nfns = {}, 0
local libs = {}

local cur_f, cur_a, cur_b
local function runner() return cur_f(cur_a, cur_b, proxy, upcall, ustring) end
local function frunner() return cur_f(cur_a, cur_b) end
local function librunner() return cur_f(libproxy, upcall, ustring) end

local function restore()
  -- rawset can still add fields to the shared proxies: remove them.
  if next(proxy) ~= nil then for k in pairs(proxy) do rawset(proxy, k, nil) end end
  if next(libproxy) ~= nil then for k in pairs(libproxy) do rawset(libproxy, k, nil) end end
  if rawget(ustring, 'format') ~= format or next(ustring, 'format') ~= nil or next(ustring) ~= 'format' then
    for k in pairs(ustring) do rawset(ustring, k, nil) end
    rawset(ustring, 'format', format)
  end
end

-- Function registration (load time only).
libapi.register_function = function(...)
  if loading == nil then error({err = 'ERR redis.register_function can only be called on FUNCTION LOAD command'}) end
  local nargs = select('#', ...)
  local name, fn, flags, desc
  local a1 = ...
  if nargs == 1 then
    if type(a1) ~= 'table' then error({err = 'ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).'}) end
    for k, v in pairs(a1) do
      local kt = type(k)
      if kt ~= 'string' and kt ~= 'number' then error({err = 'ERR named argument key given to redis.register_function is not a string'}) end
      local lk = string.lower(tostring(k))
      local vt = type(v)
      if lk == 'function_name' then
        if vt ~= 'string' and vt ~= 'number' then error({err = 'ERR function_name argument given to redis.register_function must be a string'}) end
        name = tostring(v)
      elseif lk == 'description' then
        if vt ~= 'string' and vt ~= 'number' then error({err = 'ERR description argument given to redis.register_function must be a string'}) end
        desc = tostring(v)
      elseif lk == 'callback' then
        if vt ~= 'function' then error({err = 'ERR callback argument given to redis.register_function must be a function'}) end
        fn = v
      elseif lk == 'flags' then
        if vt ~= 'table' then error({err = 'ERR flags argument to redis.register_function must be a table representing function flags'}) end
        flags = v
      else
        error({err = 'ERR unknown argument given to redis.register_function'})
      end
    end
    if name == nil then error({err = 'ERR redis.register_function must get a function name argument'}) end
    if fn == nil then error({err = 'ERR redis.register_function must get a callback argument'}) end
  elseif nargs == 2 then
    name, fn = ...
    if type(name) == 'number' then name = tostring(name) end
    if type(name) ~= 'string' then error({err = 'ERR first argument to redis.register_function must be a string'}) end
    if type(fn) ~= 'function' then error({err = 'ERR second argument to redis.register_function must be a function'}) end
  else
    error({err = 'ERR wrong number of arguments to redis.register_function'})
  end
  local fl = {}
  if flags ~= nil then
    local i = 1
    while flags[i] ~= nil do
      local f = flags[i]
      if type(f) ~= 'string' then error({err = 'ERR unknown flag given'}) end
      fl[i] = f
      i = i + 1
    end
  end
  local d = '0'
  if desc ~= nil then d = '1' .. desc end
  local r = rpcall(TOKEN, 'register', name, d, unpack(fl))
  if type(r) == 'table' and rawget(r, 'err') then error({err = rawget(r, 'err')}) end
  loading[name] = fn
end

-- Runs a compiled chunk under the error handler; returns the encoded result.
local function run(r)
  local ok, v = xpcall(r, handler)
  cur_f, cur_a, cur_b = nil, nil, nil
  restore()
  if ok then return encode(v) end
  if type(v) ~= 'table' then
    -- Not through the handler (out of memory): Redis's "Error running script" form.
    collectgarbage()
    local m = tostring(v)
    return '@' .. #m .. '\n' .. m
  end
  return encerr(v)
end

local function cache(name, f)
  if nfns >= 2000 then fns, nfns = {}, 0 end
  fns[name] = f
  nfns = nfns + 1
end

local function process(job)
  local op = job[1]
  if op == 'eval' then
    local name = job[2]
    local f = fns[name]
    if f == nil then
      local body = job[3]
      if body == '' then return '?7\nmissing' end
      local err
      f, err = loadstring(PREFIX .. body, '@user_script')
      if f == nil then return '?' .. #err .. '\n' .. err end
      cache(name, f)
    end
    resp = 2
    cur_f, cur_a, cur_b = f, job[4], job[5]
    return run(runner)
  elseif op == 'load' then
    local name = job[2]
    if fns[name] == nil then
      local f, err = loadstring(PREFIX .. job[3], '@user_script')
      if f == nil then return '?' .. #err .. '\n' .. err end
      cache(name, f)
    end
    return '+0\n'
  elseif op == 'fcall' then
    local lib = libs[job[2]]
    local f = lib and lib[job[3]]
    if f == nil then return '?7\nmissing' end
    resp = 2
    cur_f, cur_a, cur_b = f, job[4], job[5]
    return run(frunner)
  elseif op == 'fload' then
    -- job: library id, code
    local f, err = loadstring(LIBPREFIX .. job[3], '@user_function')
    if f == nil then return '?' .. #err .. '\n' .. err end
    loading = {}
    resp = 2
    cur_f = f
    local r = run(librunner)
    local reg = loading
    loading = nil
    if sub(r, 1, 1) == '!' or sub(r, 1, 1) == '@' then return r end
    libs[job[2]] = reg
    return '+0\n'
  elseif op == 'fdelete' then
    libs[job[2]] = nil
    return '+0\n'
  elseif op == 'fflush' then
    libs = {}
    collectgarbage()
    return '+0\n'
  elseif op == 'flush' then
    fns, nfns = {}, 0
    collectgarbage()
    return '+0\n'
  elseif op == 'mem' then
    return ':' .. floor(collectgarbage('count') * 1024) .. '\n'
  end
  return '+0\n'
end

local result = ''
while true do
  local job = rpcall(TOKEN, 'next', result)
  local ok, r = pcall(process, job)
  if ok then
    result = r
  else
    cur_f, cur_a, cur_b, loading = nil, nil, nil, nil
    out, n = {}, 0
    collectgarbage()
    local m = tostring(r)
    result = '@' .. #m .. '\n' .. m
  end
end
`;
