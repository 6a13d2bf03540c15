// Greenlight's sandboxed Lua runtime. See include/CLuaShim.h for why this is C.
#include "CLuaShim.h"
#include "GLPatterns.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

/// Instructions between two count-hook calls. The hook is cheap at this spacing (one C call per
/// thousand VM instructions) and the budget is enforced to within one step.
#define GL_STEP 1000
/// Deepest JSON nesting the tape builder accepts; FHIR resources are far shallower.
#define GL_MAX_DEPTH 200
/// The small-block pool: blocks of 16, 32, … 256 bytes carved from 64 KB slabs.
#define GL_POOL_GRANULE 16
#define GL_POOL_CLASSES 16
#define GL_POOL_MAX (GL_POOL_GRANULE * GL_POOL_CLASSES)
#define GL_SLAB_SIZE (64 * 1024)

/// A slab's header; its blocks follow, 16-byte aligned.
typedef struct gl_slab {
    struct gl_slab *next;
} gl_slab;

struct gl_state {
    lua_State *L;
    size_t used;             // bytes allocated now
    size_t limit;            // 0 = no cap
    int64_t budget;          // instructions per operation; 0 = no budget
    int64_t ticks;           // instructions counted in the current operation
    int step;
    int sandboxed;
    int budget_exceeded;     // set by the hook; makes pcall/xpcall rethrow
    int memory_exceeded;     // set when a protected call inside Lua caught LUA_ERRMEM
    int syntax_error;        // set when a chunk failed to compile
    int functions_ref;       // registry ref: policy functions, 3 slots per policy
    int register_ref;        // registry ref: the prelude's register(index, policy, chunkname)
    int array_mt_ref;        // registry ref: metatable marking an empty JSON array
    int object_mt_ref;       // registry ref: metatable marking an empty JSON object
    int env_mt_ref;          // registry ref: { __index = _G } for per-policy environments
    int lazy_mt_ref;         // registry ref: metatable of a table with a member not built yet
    int lazy_ref;            // registry ref: weak-keyed table, such a table -> that member's tape
    uint64_t read_mask;      // deferred members built during the current call, by id (bit id)
    uint64_t call;           // numbers gl_invoke calls, so a member kept from an earlier one is refused
    gl_expander expand;      // the current gl_invoke's expander and its context; NULL between calls
    void *expand_context;
    // The small-block pool (see gl_alloc): free blocks by size class, the slabs they came from.
    void *free_blocks[GL_POOL_CLASSES];
    struct gl_slab *slabs;
    char *carve;             // the newest slab's first unused byte
    char *carve_end;
};

static gl_state *state_of(lua_State *L) { return *(gl_state **)lua_getextraspace(L); }

// MARK: - Limits

// The small-block pool. Every evaluation turns its input (FHIR resources, the member's
// history) into thousands of small tables, nodes and strings, which the collector frees soon
// after: through malloc and free that churn was half the cost of building the input. Blocks of
// up to GL_POOL_MAX bytes come from per-state free lists instead (a state is used by one thread
// at a time), carved from slabs the state frees when it closes. Lua gives every block's size
// back when it frees or resizes it, so blocks carry no header.

static int is_pooled(size_t size) { return size > 0 && size <= GL_POOL_MAX; }
static int pool_class(size_t size) { return (int)((size + GL_POOL_GRANULE - 1) / GL_POOL_GRANULE) - 1; }

static void *pool_take(gl_state *s, size_t size) {
    int c = pool_class(size);
    void *block = s->free_blocks[c];
    if (block) {
        s->free_blocks[c] = *(void **)block;
        return block;
    }
    size_t rounded = (size_t)(c + 1) * GL_POOL_GRANULE;
    if (!s->carve || (size_t)(s->carve_end - s->carve) < rounded) {
        gl_slab *slab = (gl_slab *)malloc(GL_SLAB_SIZE);
        if (!slab) return NULL;
        slab->next = s->slabs;
        s->slabs = slab;
        s->carve = (char *)slab + GL_POOL_GRANULE;
        s->carve_end = (char *)slab + GL_SLAB_SIZE;
    }
    block = s->carve;
    s->carve += rounded;
    return block;
}

static void pool_give(gl_state *s, void *block, size_t size) {
    int c = pool_class(size);
    *(void **)block = s->free_blocks[c];
    s->free_blocks[c] = block;
}

static void release(gl_state *s, void *block, size_t size) {
    if (is_pooled(size)) pool_give(s, block, size);
    else free(block);
}

static void free_slabs(gl_state *s) {
    for (gl_slab *slab = s->slabs; slab;) {
        gl_slab *next = slab->next;
        free(slab);
        slab = next;
    }
    s->slabs = NULL;
    s->carve = s->carve_end = NULL;
    memset(s->free_blocks, 0, sizeof s->free_blocks);
}

/// The allocator: refuses growth past the cap (Lua then runs an emergency collection and
/// retries, and raises LUA_ERRMEM if that does not help). When `ptr` is NULL, `osize` is a type
/// tag, not a size. The cap counts the bytes Lua asked for; blocks kept free in the pool are
/// the state's own, bounded by its peak.
static void *gl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    gl_state *s = (gl_state *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (ptr) release(s, ptr, old);
        s->used -= old;
        return NULL;
    }
    if (s->limit && nsize > old && s->used - old + nsize > s->limit) return NULL;
    void *result;
    if (ptr && is_pooled(old) && is_pooled(nsize) && pool_class(old) == pool_class(nsize)) {
        result = ptr;  // the block it has is big enough
    } else if (is_pooled(nsize) || (ptr && is_pooled(old))) {
        result = is_pooled(nsize) ? pool_take(s, nsize) : malloc(nsize);
        if (!result) return NULL;
        if (ptr) {
            memcpy(result, ptr, old < nsize ? old : nsize);
            release(s, ptr, old);
        }
    } else {
        result = realloc(ptr, nsize);  // none, or a block from malloc, to a large one
        if (!result) return NULL;
    }
    s->used = s->used - old + nsize;
    return result;
}

/// Marks the budget used up (so pcall/xpcall rethrow) and raises its error, located at the Lua
/// function `level` levels up: 0 in the hook, which runs as part of that function; 1 in a C
/// function, whose caller is the policy code.
static int budget_error(lua_State *L, gl_state *s, int level) {
    s->budget_exceeded = 1;
    luaL_where(L, level);
    lua_pushfstring(L, "instruction budget of %I exceeded", (lua_Integer)s->budget);
    lua_concat(L, 2);
    return lua_error(L);
}

/// The count hook: raises once the operation has run its budget. It keeps raising on every
/// later step, and the sandbox's pcall rethrows, so a policy cannot catch its way past it.
static void gl_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    gl_state *s = state_of(L);
    s->ticks += s->step;
    if (s->budget > 0 && s->ticks >= s->budget) budget_error(L, s, 0);
}

/// The hook's counterpart for work inside a C function, where the hook does not run (pattern
/// matching, see GLPatterns.c).
void gl_charge(lua_State *L, int64_t steps) {
    gl_state *s = state_of(L);
    s->ticks += steps;
    if (s->budget > 0 && s->ticks >= s->budget) budget_error(L, s, 1);
}

/// pcall/xpcall's common ending, as in lbaselib.c, except that a limit error is rethrown.
static int gl_finish_pcall(lua_State *L, int status, int extra) {
    if (status != LUA_OK) {
        gl_state *s = state_of(L);
        if (status == LUA_ERRMEM) s->memory_exceeded = 1;
        if (s->budget_exceeded || s->memory_exceeded) return lua_error(L);
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - extra;
}

static int gl_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, NULL);
    return gl_finish_pcall(L, status, 0);
}

static int gl_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 0, NULL);
    return gl_finish_pcall(L, status, 2);
}

// MARK: - Opening a state

static int make_ref_table(lua_State *L, const char *kind) {
    lua_createtable(L, 0, 1);
    lua_pushstring(L, kind);
    lua_setfield(L, -2, "__json");
    return luaL_ref(L, LUA_REGISTRYINDEX);
}

static void open_lazy(lua_State *L, gl_state *s);

static int gl_open(lua_State *L) {
    gl_state *s = (gl_state *)lua_touserdata(L, 1);
    if (!s->sandboxed) {
        luaL_openlibs(L);
    } else {
        luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
        luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
        luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
        luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
        luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
        lua_settop(L, 1);

        // os: only the clock and calendar functions.
        luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);
        lua_createtable(L, 0, 3);
        static const char *const os_kept[] = {"time", "date", "clock", NULL};
        for (const char *const *name = os_kept; *name; name++) {
            lua_getfield(L, -2, *name);
            lua_setfield(L, -2, *name);
        }
        lua_setglobal(L, "os");
        lua_settop(L, 1);

        static const char *const removed[] = {
            "dofile", "loadfile", "load", "require", "collectgarbage", "print", "warn", NULL};
        for (const char *const *name = removed; *name; name++) {
            lua_pushnil(L);
            lua_setglobal(L, *name);
        }
        lua_getglobal(L, "string");
        lua_pushnil(L);
        lua_setfield(L, -2, "dump");
        // Matching inside lstrlib is invisible to the count hook; these count it.
        gl_open_patterns(L);
        lua_settop(L, 1);

        lua_pushcfunction(L, gl_pcall);
        lua_setglobal(L, "pcall");
        lua_pushcfunction(L, gl_xpcall);
        lua_setglobal(L, "xpcall");
    }
    s->array_mt_ref = make_ref_table(L, "array");
    s->object_mt_ref = make_ref_table(L, "object");
    open_lazy(L, s);
    lua_createtable(L, 0, 1);
    lua_pushglobaltable(L);
    lua_setfield(L, -2, "__index");
    s->env_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

/// Runs `f(args)` protected, with the budget armed, and classifies the outcome. `nresults`
/// values (or the error message) are left on an otherwise empty stack.
static int gl_protected(gl_state *s, lua_CFunction f, void *args, int nresults) {
    lua_State *L = s->L;
    lua_settop(L, 0);
    s->ticks = 0;
    s->budget_exceeded = 0;
    s->memory_exceeded = 0;
    s->syntax_error = 0;
    if (s->sandboxed && s->budget > 0) lua_sethook(L, gl_hook, LUA_MASKCOUNT, s->step);
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, args);
    int status = lua_pcallk(L, 1, nresults, 0, 0, NULL);
    if (status == LUA_OK) return GL_OK;
    if (s->budget_exceeded) return GL_ERR_BUDGET;
    if (status == LUA_ERRMEM || s->memory_exceeded) return GL_ERR_MEMORY;
    if (s->syntax_error) return GL_ERR_SYNTAX;
    if (status == LUA_ERRERR) return GL_ERR_HANDLER;
    return GL_ERR_RUNTIME;
}

gl_state *gl_state_new(size_t memory_limit, int64_t instruction_budget, int sandboxed) {
    gl_state *s = (gl_state *)calloc(1, sizeof(gl_state));
    if (!s) return NULL;
    s->limit = sandboxed ? memory_limit : 0;
    s->budget = sandboxed ? instruction_budget : 0;
    s->step = GL_STEP;
    if (s->budget > 0 && s->budget < s->step) s->step = (int)s->budget;
    s->sandboxed = sandboxed;
    s->functions_ref = s->register_ref = LUA_NOREF;
    s->L = lua_newstate(gl_alloc, s);
    if (!s->L) {
        free_slabs(s);
        free(s);
        return NULL;
    }
    *(gl_state **)lua_getextraspace(s->L) = s;
    if (gl_protected(s, gl_open, s, 0) != GL_OK) {
        gl_state_close(s);
        return NULL;
    }
    lua_settop(s->L, 0);
    // Each evaluation makes short-lived input tables; the generational collector frees them
    // young instead of sweeping the whole heap (policies, library, value sets) again and again.
    lua_gc(s->L, LUA_GCGEN, 0, 0);
    return s;
}

void gl_state_close(gl_state *s) {
    if (!s) return;
    if (s->L) {
        // Finalizers run during close; keep them bounded too.
        s->ticks = 0;
        lua_close(s->L);
    }
    free_slabs(s);
    free(s);
}

lua_State *gl_state_lua(gl_state *s) { return s->L; }
size_t gl_memory_used(const gl_state *s) { return s->used; }
int64_t gl_instructions_used(const gl_state *s) { return s->ticks; }
int gl_instruction_step(const gl_state *s) { return s->step; }

void gl_set_budget(gl_state *s, int64_t budget) {
    if (!s->sandboxed) return;
    s->budget = budget;
    s->step = GL_STEP;
    if (budget > 0 && budget < s->step) s->step = (int)budget;
}

// MARK: - Tapes

// MARK: - Deferred members
//
// The input's FHIR resources (`patient.resource`, `coverage.resource`, `order.resource`) are
// most of its tables, and the shipped policies read none of them: "for the rare rule that needs
// more" (Rules/README.md). The member's history (`member.prior_authorizations`, up to a hundred
// cases' items) is the next largest, and only the policies that look back read it. Swift does
// not even encode such members (ValueTape decides which): it writes an EXTERNAL op in their
// place, and the table holding one gets a userdata naming it (the call, the caller's index,
// the deferral id) and a metatable. The member is encoded by the caller (gl_expander) and built
// the first time it is read, through the parent's __index, or when the parent is iterated with
// `pairs` (__pairs); only `next` and `rawget` can tell. Building one sets its id's bit in the
// state's read mask, so the engine can record what the policy read. The caller holds the
// member's value only during its call: a table a policy keeps (in its own globals) and reads
// in a later call raises an error instead of building another request's data, or nothing.
//
// A TRAP op in a member's place is a member the input does not hold (a replayed record's
// unread member): reading it raises the op's message, copied into the userdata. One deferred
// member per table.

/// A deferred member: its key (`key_length` bytes) follows the header, then a trap's message
/// (`message_length` bytes).
typedef struct {
    uint64_t call;          // the gl_invoke whose caller holds the member (EXTERNAL)
    int64_t index;          // the caller's index for the member (EXTERNAL)
    int64_t id;             // deferral id (1-63); 0 for a trap
    int trap;
    size_t key_length;
    size_t message_length;
} lazy_header;

static void build_value(lua_State *L, gl_state *s, const gl_tape *t, size_t *pos, int depth);

/// Checks that string op `op` lies inside the tape's bytes.
static void check_text(lua_State *L, const gl_tape *t, const gl_op *op) {
    if (op->a < 0 || op->b < 0 || (size_t)(op->a + op->b) > t->length) luaL_error(L, "bad string on value tape");
}

/// Pushes a userdata describing the member named by `key` (a STRING op of `t`) whose value is
/// `value` (an EXTERNAL or TRAP op of `t`).
static void push_lazy(lua_State *L, gl_state *s, const gl_tape *t, const gl_op *key, const gl_op *value) {
    check_text(L, t, key);
    int trap = value->kind == GL_OP_TRAP;
    if (trap) check_text(L, t, value);
    size_t message_length = trap ? (size_t)value->b : 0;
    lazy_header *header = (lazy_header *)lua_newuserdatauv(L, sizeof(lazy_header) + (size_t)key->b + message_length, 0);
    header->call = s->call;
    header->index = trap ? 0 : value->a;
    header->id = trap ? 0 : value->b;
    header->trap = trap;
    header->key_length = (size_t)key->b;
    header->message_length = message_length;
    char *text = (char *)(header + 1);
    memcpy(text, t->bytes + key->a, (size_t)key->b);
    if (trap) memcpy(text + key->b, t->bytes + value->a, message_length);
}

/// Builds the caller's member `index` (deferral id `id`) of call `call`, named `key` in errors.
static void build_external(lua_State *L, gl_state *s, uint64_t call, int64_t index, int64_t id, const char *key, size_t key_length) {
    if (s->expand == NULL || call != s->call) {
        luaL_error(L, "the input's '%s' was kept from an earlier evaluation; it can only be read during its own",
                   lua_pushlstring(L, key, key_length));
    }
    gl_tape member = {NULL, 0, NULL, 0};
    const char *problem = s->expand(s->expand_context, index, &member);
    if (problem) luaL_error(L, "the input's '%s' cannot be given to Lua: %s", lua_pushlstring(L, key, key_length), problem);
    size_t pos = 0;
    build_value(L, s, &member, &pos, 1);
    if (pos != member.count) luaL_error(L, "value tape has trailing ops");
    if (id >= 1 && id <= 63) s->read_mask |= (uint64_t)1 << id;
}

/// Builds the deferred member of the table at `idx`, if any, and makes it a plain table.
static void materialize(lua_State *L, gl_state *s, int idx) {
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 6, "value nested too deeply");
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->lazy_ref);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    if (lua_type(L, -1) == LUA_TUSERDATA) {
        const lazy_header *header = (const lazy_header *)lua_touserdata(L, -1);
        const char *key = (const char *)(header + 1);
        if (header->trap) {
            lua_pushlstring(L, key + header->key_length, header->message_length);
            lua_error(L);
        }
        build_external(L, s, header->call, header->index, header->id, key, header->key_length);
        lua_pushlstring(L, key, header->key_length);
        lua_insert(L, -2);
        lua_rawset(L, idx);
        lua_pushvalue(L, idx);
        lua_pushnil(L);
        lua_rawset(L, -4);
    }
    lua_pop(L, 2);
    lua_pushnil(L);
    lua_setmetatable(L, idx);
}

/// Any absent key of such a table comes here; only the deferred member's key builds anything.
static int lazy_index(lua_State *L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    gl_state *s = state_of(L);
    size_t length;
    const char *key = lua_tolstring(L, 2, &length);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->lazy_ref);
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    int deferred = 0;
    if (lua_type(L, -1) == LUA_TUSERDATA) {
        const lazy_header *header = (const lazy_header *)lua_touserdata(L, -1);
        deferred = header->key_length == length && memcmp(header + 1, key, length) == 0;
    }
    lua_pop(L, 2);
    if (!deferred) return 0;
    materialize(L, s, 1);
    lua_rawget(L, 1);
    return 1;
}

static int raw_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int lazy_pairs(lua_State *L) {
    materialize(L, state_of(L), 1);
    lua_pushcfunction(L, raw_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/// The metatable of tables with a deferred member (protected: a policy cannot swap its
/// __index under the next evaluation), and the weak table of their tapes.
static void open_lazy(lua_State *L, gl_state *s) {
    lua_createtable(L, 0, 3);
    lua_pushcfunction(L, lazy_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, lazy_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    s->lazy_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    s->lazy_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

static void build_value(lua_State *L, gl_state *s, const gl_tape *t, size_t *pos, int depth) {
    if (*pos >= t->count) luaL_error(L, "value tape is truncated");
    if (depth > GL_MAX_DEPTH) luaL_error(L, "value is nested more than %d levels deep", GL_MAX_DEPTH);
    const gl_op *op = &t->ops[(*pos)++];
    switch (op->kind) {
    case GL_OP_NULL: lua_pushnil(L); break;
    case GL_OP_FALSE: lua_pushboolean(L, 0); break;
    case GL_OP_TRUE: lua_pushboolean(L, 1); break;
    case GL_OP_INTEGER: lua_pushinteger(L, (lua_Integer)op->a); break;
    case GL_OP_NUMBER: {
        double d;
        memcpy(&d, &op->a, sizeof d);
        lua_pushnumber(L, (lua_Number)d);
        break;
    }
    case GL_OP_STRING:
        check_text(L, t, op);
        lua_pushlstring(L, t->bytes + op->a, (size_t)op->b);
        break;
    case GL_OP_ARRAY: {
        luaL_checkstack(L, 4, "value nested too deeply");
        int64_t n = op->a;
        lua_createtable(L, n > 0 && n < INT32_MAX ? (int)n : 0, 0);
        if (n == 0) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, s->array_mt_ref);
            lua_setmetatable(L, -2);
        }
        for (int64_t i = 1; i <= n; i++) {
            build_value(L, s, t, pos, depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i);
        }
        break;
    }
    case GL_OP_OBJECT: {
        luaL_checkstack(L, 4, "value nested too deeply");
        int64_t n = op->a;
        lua_createtable(L, 0, n > 0 && n < INT32_MAX ? (int)n : 0);
        if (n == 0) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, s->object_mt_ref);
            lua_setmetatable(L, -2);
        }
        int deferred = 0;
        for (int64_t i = 0; i < n; i++) {
            if (*pos >= t->count || t->ops[*pos].kind != GL_OP_STRING) luaL_error(L, "object key is not a string");
            const gl_op *key = &t->ops[*pos];
            const gl_op *value = *pos + 1 < t->count ? &t->ops[*pos + 1] : NULL;
            if (!deferred && value && (value->kind == GL_OP_TRAP || value->kind == GL_OP_EXTERNAL)) {
                lua_rawgeti(L, LUA_REGISTRYINDEX, s->lazy_ref);
                lua_pushvalue(L, -2);
                push_lazy(L, s, t, key, value);
                lua_rawset(L, -3);
                lua_pop(L, 1);
                *pos += 2;
                deferred = 1;
                continue;
            }
            build_value(L, s, t, pos, depth + 1);
            build_value(L, s, t, pos, depth + 1);
            lua_rawset(L, -3);
        }
        if (deferred) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, s->lazy_mt_ref);
            lua_setmetatable(L, -2);
        }
        break;
    }
    case GL_OP_TRAP:
        // Not in a member's place (or a second one in a table): read as the input is built.
        check_text(L, t, op);
        lua_pushlstring(L, t->bytes + op->a, (size_t)op->b);
        lua_error(L);
        break;
    case GL_OP_EXTERNAL: {
        // Not in a member's place (or a second one in a table): built now.
        static const char name[] = "deferred member";
        build_external(L, s, s->call, op->a, op->b, name, sizeof name - 1);
        break;
    }
    default: luaL_error(L, "unknown value tape op %d", (int)op->kind);
    }
}

static void push_tape(lua_State *L, gl_state *s, const gl_tape *t) {
    size_t pos = 0;
    build_value(L, s, t, &pos, 0);
    if (pos != t->count) luaL_error(L, "value tape has trailing ops");
}

typedef struct {
    const char *name;
    const gl_tape *tape;
} set_global_args;

static int gl_set_global_k(lua_State *L) {
    set_global_args *a = (set_global_args *)lua_touserdata(L, 1);
    push_tape(L, state_of(L), a->tape);
    lua_setglobal(L, a->name);
    return 0;
}

int gl_set_global(gl_state *s, const char *name, const gl_tape *value) {
    set_global_args args = {name, value};
    return gl_protected(s, gl_set_global_k, &args, 0);
}

// MARK: - Chunks and policies

typedef struct {
    const char *source;
    size_t length;
    const char *chunkname;
    int index;
} chunk_args;

/// Compiles a text chunk (binary chunks are refused: crafted bytecode can crash the VM).
static void load_text(lua_State *L, const chunk_args *a) {
    if (luaL_loadbufferx(L, a->source, a->length, a->chunkname, "t") != LUA_OK) {
        state_of(L)->syntax_error = 1;
        lua_error(L);
    }
}

static int gl_run_chunk_k(lua_State *L) {
    chunk_args *a = (chunk_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    load_text(L, a);
    lua_callk(L, 0, 1, 0, NULL);
    return 1;
}

int gl_run_chunk(gl_state *s, const char *source, size_t length, const char *chunkname) {
    chunk_args args = {source, length, chunkname, 0};
    return gl_protected(s, gl_run_chunk_k, &args, 1);
}

/// The global `policy { ... }`: the prelude's `declare` checks the table; a problem is raised
/// with the position of the caller (level 1), which is still on the stack for a C function
/// even in `return policy { ... }`, where a Lua function would have been tail-called.
static int gl_policy(lua_State *L) {
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_callk(L, 1, 1, 0, NULL);
    if (!lua_isnil(L, -1)) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    lua_settop(L, 1);
    return 1;
}

static int gl_install_prelude_k(lua_State *L) {
    gl_state *s = state_of(L);
    chunk_args *a = (chunk_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    load_text(L, a);
    lua_callk(L, 0, 1, 0, NULL);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "register");
    luaL_checktype(L, -1, LUA_TFUNCTION);
    s->register_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_getfield(L, 1, "functions");
    luaL_checktype(L, -1, LUA_TTABLE);
    s->functions_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_getfield(L, 1, "declare");
    luaL_checktype(L, -1, LUA_TFUNCTION);
    lua_pushcclosure(L, gl_policy, 1);
    lua_setglobal(L, "policy");
    return 0;
}

int gl_install_prelude(gl_state *s, const char *source, size_t length, const char *chunkname) {
    chunk_args args = {source, length, chunkname, 0};
    return gl_protected(s, gl_install_prelude_k, &args, 0);
}

static int gl_load_policy_k(lua_State *L) {
    gl_state *s = state_of(L);
    chunk_args *a = (chunk_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->register_ref);  // 1: register
    lua_pushinteger(L, a->index);                         // 2: index
    load_text(L, a);                                      // 3: chunk
    lua_createtable(L, 0, 0);                             // its own _ENV
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->env_mt_ref);
    lua_setmetatable(L, -2);
    if (!lua_setupvalue(L, 3, 1)) lua_pop(L, 1);
    lua_callk(L, 0, 1, 0, NULL);                          // 3: what the file returned
    lua_pushstring(L, a->chunkname[0] == '@' || a->chunkname[0] == '=' ? a->chunkname + 1 : a->chunkname);
    lua_callk(L, 3, 1, 0, NULL);                          // register(index, policy, file) -> metadata
    return 1;
}

int gl_load_policy(gl_state *s, int index, const char *source, size_t length, const char *chunkname) {
    chunk_args args = {source, length, chunkname, index};
    return gl_protected(s, gl_load_policy_k, &args, 1);
}

typedef struct {
    int index;
    int function;
    const gl_tape *input;
} invoke_args;

static int gl_invoke_k(lua_State *L) {
    gl_state *s = state_of(L);
    invoke_args *a = (invoke_args *)lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->functions_ref);
    lua_rawgeti(L, 1, (lua_Integer)(a->index - 1) * 3 + a->function);
    if (lua_type(L, 2) != LUA_TFUNCTION) {
        static const char *const names[] = {"?", "coverage", "adjudicate", "next_question"};
        int fn = a->function >= 1 && a->function <= 3 ? a->function : 0;
        return luaL_error(L, "the policy defines no %s function", names[fn]);
    }
    s->read_mask = 0;
    push_tape(L, s, a->input);
    lua_callk(L, 1, 1, 0, NULL);
    return 1;
}

uint64_t gl_read_mask(const gl_state *s) { return s->read_mask; }

int gl_invoke(gl_state *s, int index, int function, const gl_tape *input, gl_expander expand, void *context) {
    invoke_args args = {index, function, input};
    s->call++;
    s->expand = expand;
    s->expand_context = context;
    int status = gl_protected(s, gl_invoke_k, &args, 1);
    s->expand = NULL;
    s->expand_context = NULL;
    return status;
}

int gl_marker(gl_state *s, int idx) {
    lua_State *L = s->L;
    if (!lua_checkstack(L, 2)) return 0;
    if (!lua_getmetatable(L, idx)) return 0;
    int marker = 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->array_mt_ref);
    if (lua_rawequal(L, -1, -2)) marker = 1;
    lua_settop(L, -2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->object_mt_ref);
    if (lua_rawequal(L, -1, -2)) marker = 2;
    lua_settop(L, -3);
    return marker;
}
