// The system Lua 5.4 (Debian's liblua5.4-dev), found through pkg-config `lua5.4`.
// Greenlight uses the C API only through the CLuaShim target, which keeps every call that can
// raise a Lua error (a longjmp) inside a protected call and out of Swift frames.
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
