/* lincheck.h: the C API of lincheck, for simulators and harnesses written in C, Rust, Go, Zig, ...
 *
 * Record a history as it happens, check it for linearizability in-process, read the verdict and the
 * explanation, save the history as JSON Lines for the `lincheck` command. A thin layer over the C++
 * lincheck::Recorder (docs/embedding.md): the same semantics, the same reports.
 *
 *     lincheck_recorder *rec;
 *     if (lincheck_recorder_new("cas-register", NULL, &rec) != LINCHECK_OK) { puts(lincheck_last_error()); ... }
 *     lincheck_value key = lincheck_int(7), zero = lincheck_int(0);
 *     uint32_t w;
 *     lincheck_invoke(rec, 0, "write", &key, &zero, &w);   // process 0 writes 0 to key 7
 *     lincheck_ok(rec, w);                                 // and it took effect
 *     lincheck_report *report;
 *     lincheck_check(rec, NULL, &report);
 *     if (lincheck_report_verdict(report) == LINCHECK_NOT_LINEARIZABLE) fputs(lincheck_report_text(report), stderr);
 *     lincheck_report_free(report);
 *     lincheck_recorder_free(rec);
 *
 * Rules of the API:
 *  - C99. Handles are opaque; every function that can fail returns a lincheck_status, and on failure
 *    lincheck_last_error() says why. Nothing aborts and no C++ exception crosses this boundary; NULL
 *    handles and NULL out-pointers are errors (LINCHECK_ERROR_ARGUMENT), not crashes.
 *  - Values are nil (no value: "never written"), 64-bit integers, pairs of integers (a cas's
 *    [expected, new]) or any JSON text. 0 is a value; nil is its absence.
 *  - A recorder (and its reports) may be moved between threads but not used from two at once.
 *  - Strings returned by the library stay valid as documented at each function; never free them.
 *  - Linking: `pkg-config --cflags --libs lincheck` (shared library) or `--static` (liblincheck.a,
 *    which needs a C++ linker or -lstdc++, and TBB and simdjson: Libs.private lists them).
 */
#ifndef LINCHECK_H
#define LINCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LINCHECK_API __attribute__((visibility("default")))
#else
#define LINCHECK_API
#endif

/* Bumped when a function is added (never changed or removed within a major version). */
#define LINCHECK_C_API_VERSION 1

typedef enum lincheck_status {
    LINCHECK_OK = 0,
    LINCHECK_ERROR_ARGUMENT = 1,       /* a NULL handle or pointer, an out-of-range argument */
    LINCHECK_ERROR_UNKNOWN_MODEL = 2,  /* no model of that name (lincheck --list-models) */
    LINCHECK_ERROR_JSON = 3,           /* a value that is not valid JSON */
    LINCHECK_ERROR_MODEL = 4,          /* the initial value does not fit the model */
    LINCHECK_ERROR_MISUSE = 5,         /* against the recording rules: an unknown operation id, completing
                                          twice, invoking on a busy process, keyed and unkeyed mixed */
    LINCHECK_ERROR_HISTORY = 6,        /* check: an operation the model does not accept (its f, its value) */
    LINCHECK_ERROR_IO = 7,             /* save: the file cannot be written */
    LINCHECK_ERROR_MEMORY = 8,         /* out of memory */
    LINCHECK_ERROR_INTERNAL = 9        /* a bug in lincheck: please report it */
} lincheck_status;

/* The same numbers as the lincheck command's exit codes. */
typedef enum lincheck_verdict {
    LINCHECK_LINEARIZABLE = 0,
    LINCHECK_NOT_LINEARIZABLE = 1,
    LINCHECK_UNKNOWN = 2 /* a limit was reached before the search could decide: never a guess */
} lincheck_verdict;

typedef enum lincheck_value_kind {
    LINCHECK_VALUE_NIL = 0,  /* no value */
    LINCHECK_VALUE_INT = 1,  /* `first` */
    LINCHECK_VALUE_PAIR = 2, /* [first, second] */
    LINCHECK_VALUE_JSON = 3  /* the JSON text `json` of `json_length` bytes (not NUL-terminated) */
} lincheck_value_kind;

typedef struct lincheck_value {
    int32_t kind; /* a lincheck_value_kind */
    int64_t first;
    int64_t second;
    const char *json;
    size_t json_length;
} lincheck_value;

static inline lincheck_value lincheck_nil(void) {
    lincheck_value v = {LINCHECK_VALUE_NIL, 0, 0, NULL, 0};
    return v;
}
static inline lincheck_value lincheck_int(int64_t i) {
    lincheck_value v = {LINCHECK_VALUE_INT, i, 0, NULL, 0};
    return v;
}
static inline lincheck_value lincheck_pair(int64_t first, int64_t second) {
    lincheck_value v = {LINCHECK_VALUE_PAIR, first, second, NULL, 0};
    return v;
}
static inline lincheck_value lincheck_json(const char *text) {
    lincheck_value v = {LINCHECK_VALUE_JSON, 0, 0, text, text ? strlen(text) : 0};
    return v;
}

typedef struct lincheck_recorder lincheck_recorder;
typedef struct lincheck_report lincheck_report;

/* ---- the library ---- */

LINCHECK_API const char *lincheck_version(void);  /* "0.1.0" */
LINCHECK_API int lincheck_c_api_version(void);    /* LINCHECK_C_API_VERSION of the library */
/* The message of the last call that failed on this thread ("" if none); valid until the next failing
   call on this thread. */
LINCHECK_API const char *lincheck_last_error(void);
LINCHECK_API const char *lincheck_status_name(lincheck_status status); /* "LINCHECK_ERROR_JSON", ... */
LINCHECK_API size_t lincheck_model_count(void);
LINCHECK_API const char *lincheck_model_name(size_t index); /* NULL past the end; static strings */

/* ---- recording ---- */

/* A recorder for the model `model` ("cas-register", "register", "set", ...), starting from
   `initial_json` (JSON text, e.g. "0" or "{\"x\": 0}"), or from the model's own initial state when
   `initial_json` is NULL. */
LINCHECK_API lincheck_status lincheck_recorder_new(const char *model, const char *initial_json, lincheck_recorder **out);
LINCHECK_API void lincheck_recorder_free(lincheck_recorder *rec); /* NULL is fine */
/* Forgets the history; keeps the memory, the interned functions and what the search learned. */
LINCHECK_API lincheck_status lincheck_recorder_reset(lincheck_recorder *rec);
LINCHECK_API size_t lincheck_recorder_operations(const lincheck_recorder *rec); /* invokes so far */
LINCHECK_API size_t lincheck_recorder_events(const lincheck_recorder *rec);     /* invokes + completions */

/* Interns an operation name: the same name always gives the same id. The fastest way to say `f`. */
LINCHECK_API lincheck_status lincheck_function(lincheck_recorder *rec, const char *f, uint32_t *out);

/* Records the invoke of `f` by `process` and returns the operation's id (0, 1, 2, ... until reset) in
   *id. `key`: the independent object it acts on (NULL: an unkeyed history — every operation has a
   key or none has). `value`: its argument (NULL or nil for a read). */
LINCHECK_API lincheck_status lincheck_invoke(lincheck_recorder *rec, int64_t process, const char *f,
                                             const lincheck_value *key, const lincheck_value *value, uint32_t *id);
/* The same with an interned f (lincheck_function). */
LINCHECK_API lincheck_status lincheck_invoke_function(lincheck_recorder *rec, int64_t process, uint32_t f,
                                                      const lincheck_value *key, const lincheck_value *value,
                                                      uint32_t *id);
/* The same with key and value as NUL-terminated JSON text (NULL: unkeyed / no value). */
LINCHECK_API lincheck_status lincheck_invoke_json(lincheck_recorder *rec, int64_t process, const char *f,
                                                  const char *key_json, const char *value_json, uint32_t *id);

/* Completions. ok: took effect, the invoke's value stands (a write). ok_value: took effect and returned
   `result` (a read; NULL is nil: "returned nothing"). fail: certainly did not take effect. info:
   indeterminate — may take effect at any time after its invoke, or never. An operation never completed
   is pending: the same as info. */
LINCHECK_API lincheck_status lincheck_ok(lincheck_recorder *rec, uint32_t id);
LINCHECK_API lincheck_status lincheck_ok_value(lincheck_recorder *rec, uint32_t id, const lincheck_value *result);
LINCHECK_API lincheck_status lincheck_ok_json(lincheck_recorder *rec, uint32_t id, const char *result_json);
LINCHECK_API lincheck_status lincheck_fail(lincheck_recorder *rec, uint32_t id);
LINCHECK_API lincheck_status lincheck_info(lincheck_recorder *rec, uint32_t id);

/* ---- saving ---- */

/* Writes the history as JSON Lines, one event per line, in order: `lincheck --model M path` checks it
   again with the same verdict and report (event N is line N). */
LINCHECK_API lincheck_status lincheck_save(const lincheck_recorder *rec, const char *path);
/* The same text in memory: *out stays valid until the next call on `rec`. */
LINCHECK_API lincheck_status lincheck_history_jsonl(lincheck_recorder *rec, const char **out, size_t *length);

/* ---- checking ---- */

typedef struct lincheck_check_options {
    size_t struct_size;            /* sizeof(lincheck_check_options): set by lincheck_check_options_init */
    double time_limit_seconds;     /* 0: none. Past it, the verdict is LINCHECK_UNKNOWN */
    uint64_t memory_limit_bytes;   /* for the search's caches; 0: none */
    uint32_t jobs;                 /* threads checking keys at once: 1 (default) this thread; 0 all cores */
    int32_t explain;               /* on failure: smallest failing window and hints (default 1) */
    int32_t render;                /* on failure: the text report (default 1) */
    int32_t fast;                  /* the recorder's fast search first (default 1) */
    uint32_t width;                /* columns of the text report (default 100) */
} lincheck_check_options;

LINCHECK_API void lincheck_check_options_init(lincheck_check_options *options);

/* Checks the history so far (options NULL: the defaults) and returns a report to free with
   lincheck_report_free. The recorder may go on recording and be checked again. */
LINCHECK_API lincheck_status lincheck_check(lincheck_recorder *rec, const lincheck_check_options *options,
                                            lincheck_report **out);

/* Reading a report. Strings stay valid until lincheck_report_free. NULL report: UNKNOWN, "", 0. */
LINCHECK_API lincheck_verdict lincheck_report_verdict(const lincheck_report *report);
/* When not linearizable (and options.render): the text report, as `lincheck` prints it; else "". */
LINCHECK_API const char *lincheck_report_text(const lincheck_report *report);
/* The report as one JSON object (docs/embedding.md, "The C API"): verdict, the failing key, failing
   operation, states, smallest failing window and hints; fields are null where they do not apply. */
LINCHECK_API const char *lincheck_report_json(lincheck_report *report);
LINCHECK_API const char *lincheck_report_unknown_reason(const lincheck_report *report); /* "" unless unknown */
LINCHECK_API size_t lincheck_report_hint_count(const lincheck_report *report);
LINCHECK_API const char *lincheck_report_hint_code(const lincheck_report *report, size_t index); /* "stale-read"; NULL past the end */
LINCHECK_API const char *lincheck_report_hint_text(const lincheck_report *report, size_t index);
LINCHECK_API void lincheck_report_free(lincheck_report *report); /* NULL is fine */

#ifdef __cplusplus
}
#endif

#endif /* LINCHECK_H */
