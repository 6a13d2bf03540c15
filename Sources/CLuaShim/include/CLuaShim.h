// Greenlight's sandboxed Lua runtime, in C.
//
// Lua reports errors with longjmp. A longjmp across Swift frames is undefined behaviour (it
// skips releases and defers), so every Lua operation that can raise — allocation included —
// happens here, inside `lua_pcallk`, and Swift only sees a status code and a stack it reads
// with non-raising calls (lua_type, lua_next, lua_tolstring on strings, lua_tointegerx, ...).
//
// The instruction-count hook and the allocator that enforces the memory cap live here too:
// both must raise (or refuse) from C.
#ifndef GREENLIGHT_CLUASHIM_H
#define GREENLIGHT_CLUASHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>

/// Outcome of a protected operation, classified so Swift can word the error and decide
/// whether the state is still trustworthy.
typedef enum {
    GL_OK = 0,
    GL_ERR_RUNTIME = 1,   // an ordinary Lua error; the message is on the stack
    GL_ERR_SYNTAX = 2,    // a chunk failed to compile (or was binary)
    GL_ERR_MEMORY = 3,    // the memory cap was reached
    GL_ERR_BUDGET = 4,    // the instruction budget was used up
    GL_ERR_HANDLER = 5,   // an error while handling an error (e.g. C stack overflow)
} gl_status;

/// One step of a value tape: JSON flattened in pre-order, built by Swift without touching Lua
/// and turned into Lua tables by C inside a protected call.
enum {
    GL_OP_NULL = 0,
    GL_OP_FALSE = 1,
    GL_OP_TRUE = 2,
    GL_OP_INTEGER = 3,  // a = value
    GL_OP_NUMBER = 4,   // a = IEEE-754 bits of the double
    GL_OP_STRING = 5,   // a = offset into bytes, b = length
    GL_OP_ARRAY = 6,    // a = element count; the elements follow
    GL_OP_OBJECT = 7,   // a = member count; each member is a STRING key then its value
    GL_OP_TRAP = 8,     // a member the value does not hold: reading it raises the text at a (offset), b (length)
    GL_OP_EXTERNAL = 9, // a member the caller encodes only when it is read: a = the caller's index for it
                        // (see gl_expander), b = deferral id (1-63)
};

typedef struct {
    int64_t kind;
    int64_t a;
    int64_t b;
} gl_op;

typedef struct {
    const gl_op *ops;
    size_t count;
    const char *bytes;
    size_t length;
} gl_tape;

/// The functions a policy may define, as `gl_invoke` numbers them.
enum { GL_FN_COVERAGE = 1, GL_FN_ADJUDICATE = 2, GL_FN_NEXT_QUESTION = 3 };

typedef struct gl_state gl_state;

/// A new Lua state. `sandboxed` = 1: only base, table, string, math, utf8 and os.time/date/clock,
/// no load/loadfile/dofile/require/collectgarbage/print/string.dump, pcall/xpcall that cannot
/// swallow a limit error, a memory cap of `memory_limit` bytes and an instruction budget per
/// operation. `sandboxed` = 0 is the benchmark's baseline: all standard libraries, no limits.
/// NULL when the state cannot be created.
gl_state *gl_state_new(size_t memory_limit, int64_t instruction_budget, int sandboxed);
void gl_state_close(gl_state *state);
lua_State *gl_state_lua(gl_state *state);

/// Bytes the state holds now.
size_t gl_memory_used(const gl_state *state);
/// Instructions the last operation ran, counted in steps of `gl_instruction_step`.
int64_t gl_instructions_used(const gl_state *state);
int gl_instruction_step(const gl_state *state);
void gl_set_budget(gl_state *state, int64_t instruction_budget);

/// Sets global `name` to the value on the tape.
int gl_set_global(gl_state *state, const char *name, const gl_tape *value);

/// Runs the engine prelude, which returns its internals table (`register`, `functions`).
int gl_install_prelude(gl_state *state, const char *source, size_t length, const char *chunkname);

/// Loads a chunk in text mode and runs it in the global environment; one result stays on the stack.
int gl_run_chunk(gl_state *state, const char *source, size_t length, const char *chunkname);

/// Loads a policy file in text mode, runs it in its own environment (globals it sets stay its
/// own; reads fall through to the shared globals) and registers the table it returns under
/// `index` (1-based). On success the policy's metadata table is on the stack.
int gl_load_policy(gl_state *state, int index, const char *source, size_t length, const char *chunkname);

/// Encodes the caller's deferred member `index` (an EXTERNAL op's `a`) into `member`. The tape
/// must stay valid, and untouched, until `gl_invoke` returns: a member can be read while
/// another is being built (a finalizer runs during an allocation), so each expansion needs
/// buffers of its own. Returns NULL, or a message (valid as long) saying why it cannot.
typedef const char *(*gl_expander)(void *context, int64_t index, gl_tape *member);

/// Calls function `function` (GL_FN_*) of policy `index` with the input tape as its argument.
/// EXTERNAL ops of the input are built through `expand` (with `context`) when first read, and
/// only during this call: a table a policy keeps and reads in a later call raises an error.
/// On success its result is on the stack; on failure the error message is.
int gl_invoke(gl_state *state, int index, int function, const gl_tape *input, gl_expander expand, void *context);

/// The deferral ids (bits 1-63) of the input's members that the last `gl_invoke` built, i.e.
/// that its policy read (see ValueTape).
uint64_t gl_read_mask(const gl_state *state);

/// 1 when the table at `idx` carries the empty-array marker, 2 for the empty-object marker, else 0.
int gl_marker(gl_state *state, int idx);

#endif
