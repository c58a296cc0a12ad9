/* The C API, from C: recording, checking, reports, saving, and every kind of error (never an abort).
 * Usage: c_api_test SCRATCH_DIR — the saved histories go there (the ctest then checks one with the CLI). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lincheck.h"

static int failures = 0;

#define EXPECT(cond)                                                               \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);    \
            ++failures;                                                            \
        }                                                                          \
    } while (0)

/* A call that must succeed. */
#define OK(call)                                                                                   \
    do {                                                                                           \
        lincheck_status s_ = (call);                                                               \
        if (s_ != LINCHECK_OK) {                                                                   \
            fprintf(stderr, "%s:%d: %s: %s: %s\n", __FILE__, __LINE__, #call, lincheck_status_name(s_), \
                    lincheck_last_error());                                                        \
            ++failures;                                                                            \
        }                                                                                          \
    } while (0)

/* A call that must fail with `status`, with a message containing `words`. */
#define FAILS(call, status, words)                                                                       \
    do {                                                                                                 \
        lincheck_status s_ = (call);                                                                     \
        if (s_ != (status)) {                                                                            \
            fprintf(stderr, "%s:%d: %s: expected %s, got %s (%s)\n", __FILE__, __LINE__, #call,          \
                    lincheck_status_name(status), lincheck_status_name(s_), lincheck_last_error());      \
            ++failures;                                                                                  \
        } else if (!strstr(lincheck_last_error(), (words))) {                                            \
            fprintf(stderr, "%s:%d: %s: message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, #call,      \
                    lincheck_last_error(), (words));                                                     \
            ++failures;                                                                                  \
        }                                                                                                \
    } while (0)

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = malloc((size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (text) text[n] = '\0';
    fclose(f);
    return text;
}

static void test_library(void) {
    size_t i, n = lincheck_model_count();
    int has_cas = 0;
    EXPECT(strlen(lincheck_version()) > 0);
    EXPECT(lincheck_c_api_version() == LINCHECK_C_API_VERSION);
    EXPECT(n >= 5);
    for (i = 0; i < n; ++i) has_cas |= strcmp(lincheck_model_name(i), "cas-register") == 0;
    EXPECT(has_cas);
    EXPECT(lincheck_model_name(n) == NULL);
    EXPECT(strcmp(lincheck_status_name(LINCHECK_ERROR_JSON), "LINCHECK_ERROR_JSON") == 0);
}

/* The example of docs/embedding.md: a read of 0 recorded as nil. */
static void test_zero_as_nil(const char *dir) {
    lincheck_recorder *rec = NULL;
    lincheck_report *report = NULL;
    lincheck_value key = lincheck_int(7), zero = lincheck_int(0);
    uint32_t w, r, r2;
    const char *jsonl, *json;
    size_t length;
    char path[4096], *saved;

    OK(lincheck_recorder_new("cas-register", NULL, &rec));
    OK(lincheck_invoke(rec, 0, "write", &key, &zero, &w));
    OK(lincheck_invoke(rec, 1, "read", &key, NULL, &r));
    OK(lincheck_ok_value(rec, r, &zero));
    OK(lincheck_ok(rec, w));
    OK(lincheck_invoke(rec, 1, "read", &key, NULL, &r2));
    OK(lincheck_ok_value(rec, r2, NULL)); /* "returned nothing" */
    EXPECT(w == 0 && r == 1 && r2 == 2);
    EXPECT(lincheck_recorder_operations(rec) == 3);
    EXPECT(lincheck_recorder_events(rec) == 6);

    OK(lincheck_check(rec, NULL, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_NOT_LINEARIZABLE);
    EXPECT(strstr(lincheck_report_text(report), "Key 7: read → null by process 1 (event 5 to event 6)") != NULL);
    EXPECT(strstr(lincheck_report_text(report), "Hint (zero-as-nil)") != NULL);
    EXPECT(lincheck_report_hint_count(report) == 1);
    EXPECT(strcmp(lincheck_report_hint_code(report, 0), "zero-as-nil") == 0);
    EXPECT(strstr(lincheck_report_hint_text(report, 0), "0 is a value") != NULL);
    EXPECT(lincheck_report_hint_code(report, 1) == NULL);
    EXPECT(strcmp(lincheck_report_unknown_reason(report), "") == 0);
    json = lincheck_report_json(report);
    EXPECT(strstr(json, "\"verdict\":\"not_linearizable\"") != NULL);
    EXPECT(strstr(json, "\"key\":7") != NULL);
    EXPECT(strstr(json, "\"code\":\"zero-as-nil\"") != NULL);
    EXPECT(strstr(json, "\"states_before\":[0]") != NULL);
    EXPECT(strstr(json, "\"invoke_event\":5,\"complete_event\":6") != NULL);
    EXPECT(lincheck_report_json(report) == json); /* made once */
    lincheck_report_free(report);

    OK(lincheck_history_jsonl(rec, &jsonl, &length));
    EXPECT(strlen(jsonl) == length);
    EXPECT(strcmp(jsonl,
                  "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"key\": 7, \"value\": 0}\n"
                  "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"key\": 7, \"value\": null}\n"
                  "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"key\": 7, \"value\": 0}\n"
                  "{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"key\": 7, \"value\": 0}\n"
                  "{\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"key\": 7, \"value\": null}\n"
                  "{\"process\": 1, \"type\": \"ok\", \"f\": \"read\", \"key\": 7, \"value\": null}\n") == 0);
    snprintf(path, sizeof path, "%s/zero-as-nil.jsonl", dir);
    OK(lincheck_save(rec, path));
    saved = read_file(path);
    EXPECT(saved && strcmp(saved, jsonl) == 0);
    free(saved);

    /* A reset recorder starts over, and checks again. */
    OK(lincheck_recorder_reset(rec));
    EXPECT(lincheck_recorder_events(rec) == 0);
    OK(lincheck_invoke(rec, 0, "write", &key, &zero, &w));
    EXPECT(w == 0);
    OK(lincheck_ok(rec, w));
    OK(lincheck_check(rec, NULL, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_LINEARIZABLE);
    EXPECT(strcmp(lincheck_report_text(report), "") == 0);
    EXPECT(lincheck_report_hint_count(report) == 0);
    EXPECT(strstr(lincheck_report_json(report), "\"verdict\":\"linearizable\"") != NULL);
    lincheck_report_free(report);
    lincheck_recorder_free(rec);
}

/* Values as JSON text, an initial value, interned functions, cas pairs, info and pending operations. */
static void test_values(void) {
    lincheck_recorder *rec = NULL;
    lincheck_report *report = NULL;
    lincheck_check_options options;
    lincheck_value a = lincheck_json("\"a\""), v = lincheck_json("{\"x\": [1, 2]}"), cas = lincheck_pair(5, 6);
    lincheck_value six = lincheck_int(6), nine = lincheck_int(9);
    uint32_t read, write, id, id2;

    OK(lincheck_recorder_new("cas-register", "5", &rec));
    OK(lincheck_function(rec, "read", &read));
    OK(lincheck_function(rec, "write", &write));
    {
        uint32_t again;
        OK(lincheck_function(rec, "read", &again));
        EXPECT(again == read);
    }
    /* key "a": starts at 5 (the initial value); a cas 5 → 6; a read of 6 */
    OK(lincheck_invoke(rec, 0, "cas", &a, &cas, &id));
    OK(lincheck_ok(rec, id));
    OK(lincheck_invoke_function(rec, 0, read, &a, NULL, &id));
    OK(lincheck_ok_value(rec, id, &six));
    /* key {"k": 1}: a write of a JSON object, indeterminate; a read sees it */
    OK(lincheck_invoke_json(rec, 1, "write", "{\"k\": 1}", "{\"x\": [1, 2]}", &id));
    OK(lincheck_info(rec, id));
    OK(lincheck_invoke_json(rec, 2, "read", "{\"k\": 1}", NULL, &id2));
    OK(lincheck_ok_json(rec, id2, "{\"x\": [1, 2]}"));
    /* key "a" again: a write that failed, and one still pending */
    OK(lincheck_invoke_function(rec, 3, write, &a, &nine, &id));
    OK(lincheck_fail(rec, id));
    OK(lincheck_invoke_function(rec, 4, write, &a, &v, &id));

    lincheck_check_options_init(&options);
    options.time_limit_seconds = 10;
    options.memory_limit_bytes = 1u << 30;
    options.fast = 0;
    OK(lincheck_check(rec, &options, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_LINEARIZABLE);
    lincheck_report_free(report);

    /* A read of key "a" sees the failed write's 9: not linearizable (the fast search then hands over). */
    OK(lincheck_invoke_function(rec, 0, read, &a, NULL, &id));
    OK(lincheck_ok_value(rec, id, &nine));
    OK(lincheck_check(rec, NULL, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_NOT_LINEARIZABLE);
    EXPECT(strstr(lincheck_report_json(report), "\"key\":\"a\"") != NULL);
    EXPECT(strstr(lincheck_report_json(report), "failed-write-observed") != NULL);
    lincheck_report_free(report);

    /* render off: no text, the verdict and hints stay */
    lincheck_check_options_init(&options);
    options.render = 0;
    OK(lincheck_check(rec, &options, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_NOT_LINEARIZABLE);
    EXPECT(strcmp(lincheck_report_text(report), "") == 0);
    EXPECT(lincheck_report_hint_count(report) >= 1);
    lincheck_report_free(report);
    lincheck_recorder_free(rec);
}

/* Unkeyed histories, and another model. */
static void test_unkeyed(void) {
    lincheck_recorder *rec = NULL;
    lincheck_report *report = NULL;
    lincheck_value one = lincheck_int(1);
    uint32_t id;
    OK(lincheck_recorder_new("register", "0", &rec));
    OK(lincheck_invoke(rec, 0, "write", NULL, &one, &id));
    OK(lincheck_ok(rec, id));
    OK(lincheck_invoke(rec, 0, "read", NULL, NULL, &id));
    OK(lincheck_ok_value(rec, id, &one));
    OK(lincheck_check(rec, NULL, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_LINEARIZABLE);
    EXPECT(strstr(lincheck_report_json(report), "\"model\":\"register\"") != NULL);
    lincheck_report_free(report);
    lincheck_recorder_free(rec);
}

/* A limit reached: the verdict is unknown, with the reason — never a guess. */
static void test_unknown(void) {
    lincheck_recorder *rec = NULL;
    lincheck_report *report = NULL;
    lincheck_check_options options;
    uint32_t id;
    int i;
    OK(lincheck_recorder_new("cas-register", "0", &rec));
    for (i = 0; i < 40; ++i) {
        lincheck_value v = lincheck_int(i % 7);
        OK(lincheck_invoke(rec, i, "write", NULL, &v, &id));
    }
    for (i = 0; i < 40; ++i) {
        lincheck_value v = lincheck_int((i * 3) % 7);
        OK(lincheck_invoke(rec, 100 + i, "read", NULL, NULL, &id));
        OK(lincheck_ok_value(rec, id, &v));
    }
    lincheck_check_options_init(&options);
    options.memory_limit_bytes = 1;
    options.fast = 0;
    OK(lincheck_check(rec, &options, &report));
    EXPECT(lincheck_report_verdict(report) == LINCHECK_UNKNOWN);
    EXPECT(strstr(lincheck_report_unknown_reason(report), "memory limit") != NULL);
    EXPECT(strstr(lincheck_report_json(report), "\"verdict\":\"unknown\",\"unknown_reason\":\"memory limit") != NULL);
    EXPECT(strcmp(lincheck_report_text(report), "") == 0);
    lincheck_report_free(report);
    lincheck_recorder_free(rec);
}

/* Every error comes back as a status and a message. */
static void test_errors(const char *dir) {
    lincheck_recorder *rec = (lincheck_recorder *)&failures; /* set to NULL on failure */
    lincheck_report *report = NULL;
    lincheck_check_options options;
    lincheck_value key = lincheck_int(1), one = lincheck_int(1), bad = lincheck_json("[1, "), odd;
    uint32_t id, w;
    char path[4096];

    FAILS(lincheck_recorder_new("cas-registr", NULL, &rec), LINCHECK_ERROR_UNKNOWN_MODEL, "no model named \"cas-registr\"");
    EXPECT(rec == NULL);
    FAILS(lincheck_recorder_new("cas-registr", NULL, &rec), LINCHECK_ERROR_UNKNOWN_MODEL, "cas-register");
    FAILS(lincheck_recorder_new("cas-register", "{\"x\": ", &rec), LINCHECK_ERROR_JSON, "initial value is not valid JSON");
    FAILS(lincheck_recorder_new("cas-register", "0 0", &rec), LINCHECK_ERROR_JSON, "not valid JSON");
    FAILS(lincheck_recorder_new("counter", "\"zero\"", &rec), LINCHECK_ERROR_MODEL, "the initial state of a counter");
    FAILS(lincheck_recorder_new(NULL, NULL, &rec), LINCHECK_ERROR_ARGUMENT, "model is NULL");
    FAILS(lincheck_recorder_new("cas-register", NULL, NULL), LINCHECK_ERROR_ARGUMENT, "out is NULL");
    EXPECT(strstr(lincheck_last_error(), "lincheck_recorder_new") != NULL);

    /* NULL handles */
    FAILS(lincheck_invoke(NULL, 0, "read", NULL, NULL, &id), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_ok(NULL, 0), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_fail(NULL, 0), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_info(NULL, 0), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_check(NULL, NULL, &report), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_save(NULL, "x"), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    FAILS(lincheck_recorder_reset(NULL), LINCHECK_ERROR_ARGUMENT, "rec is NULL");
    EXPECT(lincheck_report_verdict(NULL) == LINCHECK_UNKNOWN);
    EXPECT(strcmp(lincheck_report_text(NULL), "") == 0);
    EXPECT(lincheck_recorder_events(NULL) == 0);
    lincheck_recorder_free(NULL);
    lincheck_report_free(NULL);

    OK(lincheck_recorder_new("cas-register", NULL, &rec));
    FAILS(lincheck_invoke(rec, 0, NULL, &key, NULL, &id), LINCHECK_ERROR_ARGUMENT, "f is NULL");
    FAILS(lincheck_invoke(rec, 0, "write", &key, &one, NULL), LINCHECK_ERROR_ARGUMENT, "id is NULL");
    /* bad JSON, in a value, a key, a result */
    FAILS(lincheck_invoke(rec, 0, "write", &key, &bad, &id), LINCHECK_ERROR_JSON, "value is not valid JSON");
    FAILS(lincheck_invoke_json(rec, 0, "write", "{", "1", &id), LINCHECK_ERROR_JSON, "key is not valid JSON");
    odd = lincheck_int(1);
    odd.kind = 42;
    FAILS(lincheck_invoke(rec, 0, "write", &key, &odd, &id), LINCHECK_ERROR_ARGUMENT, "unknown value kind 42");
    odd = lincheck_json(NULL);
    FAILS(lincheck_invoke(rec, 0, "write", &key, &odd, &id), LINCHECK_ERROR_ARGUMENT, "NULL text");
    EXPECT(lincheck_recorder_operations(rec) == 0); /* nothing recorded by the failed calls */

    OK(lincheck_invoke(rec, 0, "write", &key, &one, &w));
    FAILS(lincheck_ok_json(rec, w, "nul"), LINCHECK_ERROR_JSON, "result is not valid JSON");
    /* misuse: a busy process, an unknown id, completing twice, mixing keyed and unkeyed */
    FAILS(lincheck_invoke(rec, 0, "read", &key, NULL, &id), LINCHECK_ERROR_MISUSE, "lincheck_invoke: ");
    FAILS(lincheck_ok(rec, 99), LINCHECK_ERROR_MISUSE, "unknown");
    OK(lincheck_ok(rec, w));
    FAILS(lincheck_ok(rec, w), LINCHECK_ERROR_MISUSE, "lincheck_ok: ");
    FAILS(lincheck_fail(rec, w), LINCHECK_ERROR_MISUSE, "lincheck_fail: ");
    FAILS(lincheck_invoke(rec, 1, "read", NULL, NULL, &id), LINCHECK_ERROR_MISUSE, "key");
    FAILS(lincheck_invoke_function(rec, 1, 77, &key, NULL, &id), LINCHECK_ERROR_MISUSE, "unknown function id 77");

    /* check: options not initialised; an operation the model does not take */
    memset(&options, 0, sizeof options);
    FAILS(lincheck_check(rec, &options, &report), LINCHECK_ERROR_ARGUMENT, "lincheck_check_options_init");
    EXPECT(report == NULL);
    lincheck_check_options_init(&options);
    options.time_limit_seconds = -1;
    FAILS(lincheck_check(rec, &options, &report), LINCHECK_ERROR_ARGUMENT, "time_limit_seconds");
    OK(lincheck_invoke(rec, 1, "enqueue", &key, &one, &id));
    OK(lincheck_ok(rec, id));
    FAILS(lincheck_check(rec, NULL, &report), LINCHECK_ERROR_HISTORY, "enqueue");
    EXPECT(report == NULL);

    /* save: a directory that does not exist */
    snprintf(path, sizeof path, "%s/no/such/dir/h.jsonl", dir);
    FAILS(lincheck_save(rec, path), LINCHECK_ERROR_IO, "cannot open");
    lincheck_recorder_free(rec);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    test_library();
    test_zero_as_nil(dir);
    test_values();
    test_unkeyed();
    test_unknown();
    test_errors(dir);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("c_api_test: all passed (lincheck %s, C API %d)\n", lincheck_version(), lincheck_c_api_version());
    return 0;
}
