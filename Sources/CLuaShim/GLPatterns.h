// Private to CLuaShim: the budgeted pattern matching of GLPatterns.c and the one thing it needs
// from CLuaShim.c. Not in include/, so Swift never sees it.
#ifndef GREENLIGHT_GLPATTERNS_H
#define GREENLIGHT_GLPATTERNS_H

#include <stdint.h>
#include <lua.h>

/// Replaces `find`, `match`, `gmatch` and `gsub` in the table on top of the stack (the string
/// library) with versions whose matching counts against the instruction budget.
void gl_open_patterns(lua_State *L);

/// Adds `steps` units of work done inside a C function to the operation's instruction count
/// and raises the budget error, located at the calling Lua function, once the budget is used
/// up. Defined in CLuaShim.c, next to the count hook it complements.
void gl_charge(lua_State *L, int64_t steps);

#endif
