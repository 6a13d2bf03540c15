// Lua 5.4 pattern matching (reference manual §6.4.1) for the sandbox, written so that its work
// counts against the instruction budget.
//
// Why not the builtin: lstrlib matches inside one C call, where the count hook never runs, so a
// backtracking pattern over a request-supplied string — string.find(("a"):rep(20000),
// ".-.-.-.-b") — would hold a server worker for minutes. These functions behave as Lua 5.4's
// (same results, same errors raised at the same moments, same limits on captures and on
// recursion) and charge one step to the budget for every pattern item tried at a subject
// position, which includes every retry of a quantifier and every find/gsub/gmatch iteration.
//
// Errors (malformed patterns, the budget) are longjmps out of deep recursion, so nothing here
// owns heap memory: matcher state lives on the C stack or in a Lua userdata, output in a
// luaL_Buffer.
//
// Subjects and patterns are Lua strings, which always have a '\0' just past their length:
// reading the character at the end of a pattern is safe and yields 0, which is how Lua treats
// "no character there" (a '%' at the very end, an empty set, ...).
#include "GLPatterns.h"

#include <ctype.h>
#include <lauxlib.h>
#include <string.h>

/// Captures per pattern and nested matcher calls, as in Lua 5.4 (LUA_MAXCAPTURES, MAXCCALLS).
#define GL_MAX_CAPTURES 32
#define GL_MAX_MATCH_DEPTH 200
/// Steps counted locally before they are added to the state's count and the budget is checked.
#define GL_FLUSH_STEPS 1000
/// memchr and memcmp are vectorised: they are charged one step per this many bytes.
#define GL_BYTES_PER_STEP 64

#define GL_ESC '%'
#define GL_SPECIALS "^$*+?.([%-"

/// Capture lengths that are not lengths: a capture still open, and a position capture `()`.
#define GL_CAP_OPEN (-1)
#define GL_CAP_POSITION (-2)

#define uchar(c) ((unsigned char)(c))

typedef struct {
    const char *init;
    ptrdiff_t len;  // or GL_CAP_OPEN / GL_CAP_POSITION
} capture;

typedef struct {
    lua_State *L;
    const char *subject;
    const char *subject_end;
    const char *pattern_end;
    int depth_left;  // nested match() calls still allowed in this attempt
    int level;       // captures opened so far in this attempt
    int64_t steps;   // work done but not yet charged to the budget
    capture captures[GL_MAX_CAPTURES];
} matcher;

// MARK: - The budget

static void settle(matcher *m) {
    int64_t steps = m->steps;
    m->steps = 0;
    if (steps > 0) gl_charge(m->L, steps);
}

/// Counts work locally and charges it in batches: a call into CLuaShim per step would cost more
/// than the step itself.
static void charge(matcher *m, int64_t steps) {
    m->steps += steps;
    if (m->steps >= GL_FLUSH_STEPS) settle(m);
}

static void matcher_init(matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->steps = 0;
    m->level = 0;
    m->depth_left = GL_MAX_MATCH_DEPTH;
}

/// Before each attempt at a new subject position: no captures, the full recursion allowance.
static void matcher_reset(matcher *m) {
    m->level = 0;
    m->depth_left = GL_MAX_MATCH_DEPTH;
}

// MARK: - Single-character classes

/// The end of the single-character class that starts at `p`: `x`, `.`, `%x` or `[set]`.
/// Malformed classes are reported here, when the matcher first reaches them, as Lua does.
static const char *class_end(matcher *m, const char *p) {
    char c = *p++;
    if (c == GL_ESC) {
        if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^') p++;
        // The first character of a set never closes it: "[]]" and "[^]]" are sets of ']'.
        do {
            if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*p++ == GL_ESC && p < m->pattern_end) p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

/// Whether character `c` is in class `%cl`; an upper-case letter is the complement, and any
/// other character stands for itself.
static int class_matches(int c, int cl) {
    int in;
    switch (tolower(cl)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    case 'z': in = (c == 0); break;  // deprecated since 5.2, still understood by 5.4
    default: return cl == c;
    }
    return isupper(cl) ? !in : in != 0;
}

/// Whether `c` is in the set that starts with the '[' at `p` and ends with the ']' at `close`.
static int set_matches(int c, const char *p, const char *close) {
    int found = 1;  // the answer when c is listed
    if (p[1] == '^') {
        found = 0;
        p++;
    }
    while (++p < close) {
        if (*p == GL_ESC) {
            p++;
            if (class_matches(c, uchar(*p))) return found;
        } else if (p[1] == '-' && p + 2 < close) {
            p += 2;
            if (uchar(p[-2]) <= c && c <= uchar(*p)) return found;
        } else if (uchar(*p) == c) {
            return found;
        }
    }
    return !found;
}

/// Whether the subject character at `s` matches the class [p, ep). One step of work.
static int class_matches_at(matcher *m, const char *s, const char *p, const char *ep) {
    charge(m, 1);
    if (s >= m->subject_end) return 0;
    int c = uchar(*s);
    switch (*p) {
    case '.': return 1;
    case GL_ESC: return class_matches(c, uchar(p[1]));
    case '[': return set_matches(c, p, ep - 1);
    default: return uchar(*p) == c;
    }
}

// MARK: - Matching

static const char *match(matcher *m, const char *s, const char *p);

/// `x*`, and `x+` after its first x: as many x as there are, then one fewer at a time until the
/// rest of the pattern matches.
static const char *match_greedy(matcher *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t n = 0;
    while (class_matches_at(m, s + n, p, ep)) n++;
    for (; n >= 0; n--) {
        const char *end = match(m, s + n, ep + 1);
        if (end) return end;
    }
    return NULL;
}

/// `x-`: the rest of the pattern after no x, then after one more x at a time.
static const char *match_lazy(matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *end = match(m, s, ep + 1);
        if (end) return end;
        if (!class_matches_at(m, s, p, ep)) return NULL;
        s++;
    }
}

/// `(` or `()`: opens capture number `level`, undone if the rest of the pattern fails.
static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    if (m->level >= GL_MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->level].init = s;
    m->captures[m->level].len = kind;
    m->level++;
    const char *end = match(m, s, p);
    if (!end) m->level--;
    return end;
}

/// `)`: closes the innermost open capture, reopened if the rest of the pattern fails.
static const char *close_capture(matcher *m, const char *s, const char *p) {
    int l = m->level - 1;
    while (l >= 0 && m->captures[l].len != GL_CAP_OPEN) l--;
    if (l < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[l].len = s - m->captures[l].init;
    const char *end = match(m, s, p);
    if (!end) m->captures[l].len = GL_CAP_OPEN;
    return end;
}

/// `%bxy` with `p` at x: from an x at `s` to the y that balances it; NULL if there is none.
static const char *match_balanced(matcher *m, const char *s, const char *p) {
    if (p >= m->pattern_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != *p) return NULL;
    char opener = p[0], closer = p[1];
    int depth = 1;
    // The closing character is tested first, so `%b""` ends at the next quote.
    while (++s < m->subject_end) {
        charge(m, 1);
        if (*s == closer) {
            if (--depth == 0) return s + 1;
        } else if (*s == opener) {
            depth++;
        }
    }
    return NULL;
}

/// `%f[set]` with `set` at '[' and `ep` after its ']': whether `s` is where the subject passes
/// from a character outside the set to one inside it (the ends of the subject count as '\0').
static int frontier_at(matcher *m, const char *s, const char *set, const char *ep) {
    int previous = s == m->subject ? 0 : uchar(s[-1]);
    int current = s < m->subject_end ? uchar(*s) : 0;
    return !set_matches(previous, set, ep - 1) && set_matches(current, set, ep - 1);
}

/// `%1`–`%9` (and the invalid `%0`): the text of a closed capture again at `s`.
static const char *match_backreference(matcher *m, const char *s, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= m->level || m->captures[l].len == GL_CAP_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", l + 1);
    ptrdiff_t len = m->captures[l].len;
    // A position capture has no text; Lua 5.4 never matches a reference to one.
    if (len == GL_CAP_POSITION || m->subject_end - s < len) return NULL;
    charge(m, len / GL_BYTES_PER_STEP);
    return memcmp(m->captures[l].init, s, (size_t)len) == 0 ? s + len : NULL;
}

/// A single-character class at `*p`, with its optional quantifier.
static int match_class_item(matcher *m, const char **s, const char **p) {
    const char *ep = class_end(m, *p);
    if (!class_matches_at(m, *s, *p, ep)) {
        if (*ep == '*' || *ep == '?' || *ep == '-') {  // zero repetitions will do
            *p = ep + 1;
            return 1;
        }
        *s = NULL;
        return 0;
    }
    switch (*ep) {
    case '?': {
        const char *end = match(m, *s + 1, ep + 1);
        if (end) {
            *s = end;
            return 0;
        }
        *p = ep + 1;
        return 1;
    }
    case '+': *s = match_greedy(m, *s + 1, *p, ep); return 0;
    case '*': *s = match_greedy(m, *s, *p, ep); return 0;
    case '-': *s = match_lazy(m, *s, *p, ep); return 0;
    default:
        (*s)++;
        *p = ep;
        return 1;
    }
}

/// `%b`, `%f` and back-references; any other `%x` is a class.
static int match_escape_item(matcher *m, const char **s, const char **p) {
    const char *q = *p;
    switch (q[1]) {
    case 'b':
        *s = match_balanced(m, *s, q + 2);
        *p = q + 4;
        return *s != NULL;
    case 'f': {
        q += 2;
        if (*q != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
        const char *ep = class_end(m, q);
        if (!frontier_at(m, *s, q, ep)) {
            *s = NULL;
            return 0;
        }
        *p = ep;
        return 1;
    }
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        *s = match_backreference(m, *s, q[1]);
        *p = q + 2;
        return *s != NULL;
    default:
        return match_class_item(m, s, p);
    }
}

/// Matches the pattern item at `*p` against the subject at `*s`. Returns 1 when matching goes
/// on with the rest of the pattern at the updated `*s` and `*p` — a tail call, made a loop in
/// match() so that plain items do not use up the recursion limit, exactly where Lua's do not —
/// or 0 when the item settled the outcome: `*s` is then the end of the match, or NULL.
static int match_item(matcher *m, const char **s, const char **p) {
    const char *q = *p;
    switch (*q) {
    case '(':
        *s = q[1] == ')' ? open_capture(m, *s, q + 2, GL_CAP_POSITION) : open_capture(m, *s, q + 1, GL_CAP_OPEN);
        return 0;
    case ')':
        *s = close_capture(m, *s, q + 1);
        return 0;
    case '$':
        if (q + 1 != m->pattern_end) break;  // a '$' elsewhere is an ordinary character
        if (*s != m->subject_end) *s = NULL;
        return 0;
    case GL_ESC:
        return match_escape_item(m, s, p);
    }
    return match_class_item(m, s, p);
}

/// The end of the match of pattern [p, pattern_end) at `s`, or NULL.
static const char *match(matcher *m, const char *s, const char *p) {
    if (m->depth_left-- == 0) luaL_error(m->L, "pattern too complex");
    while (p != m->pattern_end) {
        charge(m, 1);
        if (!match_item(m, &s, &p)) break;
    }
    m->depth_left++;
    return s;
}

// MARK: - Captures

/// Capture `i` of the match [s, e) — with no captures, capture 0 is the whole match. Returns
/// its length and sets `*text`, or returns GL_CAP_POSITION with `*text` at the position.
static ptrdiff_t capture_text(matcher *m, int i, const char *s, const char *e, const char **text) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *text = s;
        return e - s;
    }
    if (m->captures[i].len == GL_CAP_OPEN) luaL_error(m->L, "unfinished capture");
    *text = m->captures[i].init;
    return m->captures[i].len;
}

static void push_capture(matcher *m, int i, const char *s, const char *e) {
    const char *text;
    ptrdiff_t len = capture_text(m, i, s, e, &text);
    if (len == GL_CAP_POSITION) {
        lua_pushinteger(m->L, (lua_Integer)(text - m->subject) + 1);
    } else {
        lua_pushlstring(m->L, text, (size_t)len);
    }
}

/// Pushes the captures of the match [s, e), or the match itself when there are none and `s` is
/// not NULL, and returns how many values it pushed.
static int push_captures(matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

// MARK: - string.find, string.match

/// A 1-based start position as Lua 5.4 reads it (negative counts from the end, anything before
/// the start is the start), as a 0-based offset that may lie past the end.
static size_t start_offset(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0 || position < -(lua_Integer)length) return 0;
    return length + (size_t)position;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++) {
        if (p[i] != '\0' && strchr(GL_SPECIALS, p[i])) return 1;
    }
    return 0;
}

/// The first occurrence of [p, p + lp) in [s, s + ls), or NULL.
static const char *find_plain(matcher *m, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    const char *at = s;
    const char *last = s + (ls - lp);  // the last place it could start
    while (at <= last) {
        const char *hit = memchr(at, p[0], (size_t)(last - at) + 1);
        charge(m, 1 + ((hit ? hit : last) - at) / GL_BYTES_PER_STEP);
        if (!hit) return NULL;
        charge(m, (int64_t)(lp / GL_BYTES_PER_STEP));
        if (memcmp(hit + 1, p + 1, lp - 1) == 0) return hit;
        at = hit + 1;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    if (find) charge(&m, (int64_t)(lp / GL_BYTES_PER_STEP));  // has_specials reads the pattern
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = find_plain(&m, s + init, ls - init, p, lp);
        settle(&m);
        if (!at) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(at - s) + 1);
        lua_pushinteger(L, (lua_Integer)(at - s + lp));
        return 2;
    }
    int anchored = *p == '^';
    if (anchored) p++;
    for (const char *start = s + init;; start++) {
        matcher_reset(&m);
        const char *end = match(&m, start, p);
        if (end) {
            settle(&m);
            if (!find) return push_captures(&m, start, end);
            lua_pushinteger(L, (lua_Integer)(start - s) + 1);
            lua_pushinteger(L, (lua_Integer)(end - s));
            return push_captures(&m, NULL, NULL) + 2;
        }
        if (anchored || start == m.subject_end) break;
    }
    settle(&m);
    luaL_pushfail(L);
    return 1;
}

static int gl_str_find(lua_State *L) { return find_or_match(L, 1); }
static int gl_str_match(lua_State *L) { return find_or_match(L, 0); }

// MARK: - string.gmatch

/// The iterator's state, in a userdata next to the subject and pattern strings (its upvalues),
/// which keeps the pointers into them valid.
typedef struct {
    matcher m;
    const char *pattern;
    size_t next;           // offset where the next search starts (may be past the end)
    const char *last_end;  // end of the last match, so an empty match there is not repeated
} gmatch_state;

static int gmatch_next(lua_State *L) {
    gmatch_state *g = (gmatch_state *)lua_touserdata(L, lua_upvalueindex(3));
    matcher *m = &g->m;
    m->L = L;  // the iterator may be called from another coroutine than gmatch was
    size_t length = (size_t)(m->subject_end - m->subject);
    for (size_t at = g->next; at <= length; at++) {
        const char *start = m->subject + at;
        charge(m, 1);
        matcher_reset(m);
        const char *end = match(m, start, g->pattern);
        if (end && end != g->last_end) {
            g->next = (size_t)(end - m->subject);
            g->last_end = end;
            settle(m);
            return push_captures(m, start, end);
        }
    }
    settle(m);
    return 0;
}

/// In 5.4 gmatch takes a start position, and a '^' is an ordinary character, not an anchor.
static int gl_str_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    gmatch_state *g = (gmatch_state *)lua_newuserdatauv(L, sizeof *g, 0);
    matcher_init(&g->m, L, s, ls, p, lp);
    g->pattern = p;
    g->next = init > ls ? ls + 1 : init;
    g->last_end = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

// MARK: - string.gsub

/// A replacement string: `%0`–`%9` are captures (`%0` the whole match), `%%` is '%'.
static void add_template(matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    size_t length;
    const char *r = lua_tolstring(m->L, 3, &length);
    const char *end = r + length;
    const char *escape;
    while ((escape = memchr(r, GL_ESC, (size_t)(end - r))) != NULL) {
        luaL_addlstring(b, r, (size_t)(escape - r));
        char c = escape[1];  // '\0' if the '%' is last
        if (c == GL_ESC) {
            luaL_addchar(b, GL_ESC);
        } else if (c == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit(uchar(c))) {
            const char *text;
            ptrdiff_t len = capture_text(m, c - '1', s, e, &text);
            if (len == GL_CAP_POSITION) {
                lua_pushinteger(m->L, (lua_Integer)(text - m->subject) + 1);
                luaL_addvalue(b);
            } else {
                luaL_addlstring(b, text, (size_t)len);
            }
        } else {
            luaL_error(m->L, "invalid use of '%c' in replacement string", GL_ESC);
        }
        r = escape + 2;
    }
    luaL_addlstring(b, r, (size_t)(end - r));
}

/// Adds the replacement for the match [s, e) to `b`. Returns 0 when it kept the match as it was
/// (a table or function gave false or nil), so gsub can return the subject itself.
static int add_replacement(matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_template(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int gl_str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    matcher m;
    matcher_init(&m, L, src, ls, p, lp);
    int anchored = *p == '^';
    if (anchored) p++;
    const char *last_end = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < max) {
        charge(&m, 1);
        matcher_reset(&m);
        const char *end = match(&m, src, p);
        if (end && end != last_end) {
            n++;
            changed |= add_replacement(&m, &b, src, end, kind);
            src = last_end = end;
        } else if (src < m.subject_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchored) break;
    }
    settle(&m);
    if (!changed) {
        lua_pushvalue(L, 1);  // nothing replaced: the subject itself
    } else {
        luaL_addlstring(&b, src, (size_t)(m.subject_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

// MARK: - Installing

void gl_open_patterns(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", gl_str_find},
        {"match", gl_str_match},
        {"gmatch", gl_str_gmatch},
        {"gsub", gl_str_gsub},
        {NULL, NULL},
    };
    luaL_setfuncs(L, functions, 0);
}
