#pragma once
// lincheck's embedding API: the one header an embedder includes (docs/embedding.md). Everything it
// brings in is installed and kept stable; headers under lincheck/internal/ are lincheck's own and not
// installed. Every header beside this one is installed and must be included here (cmake/install.cmake
// checks it). Reading and saving histories: lincheck/formats/read.hpp, write_jsonl.hpp (lincheck::formats).
//
//   Values and histories   Value (value.hpp); Event, Operation, InputError (history.hpp);
//                          pair_events: events → operations (pairing.hpp)
//   Models                 Model, ModelOptions (model.hpp) for writing one; make_model, all_models,
//                          guess_model (models.hpp) for the built-in ones
//   Checking               check_history, check_history_into, check_operations, SearchMemory,
//                          CheckLimits, HistoryResult, Verdict
//                          (check.hpp)
//   Explaining a failure   refine_counterexample (check.hpp) first, then explain, render_failure,
//                          explain_failure (explain.hpp), with the failure window (window.hpp) and
//                          hints (diagnose.hpp) they carry
//   In-process recording   Recorder: record a system's operations and check them (recorder.hpp)
//
//     #include <lincheck/lincheck.hpp>
//
//     lincheck::Recorder rec;
//     rec.ok(rec.invoke(0, "write", 7, 0));
//     rec.ok(rec.invoke(1, "read", 7, std::nullopt), 0);
//     if (!rec.check("cas-register").linearizable()) ...
//
// A few declarations in these headers serve lincheck's own CLI and tests, not embedders, and may change:
// MemoryBudget and the progress counters of HistoryOptions (check.hpp), states_before (window.hpp), ModelInfo's guessing hints and generator
// (models.hpp).
#include "lincheck/check.hpp"
#include "lincheck/diagnose.hpp"
#include "lincheck/explain.hpp"
#include "lincheck/history.hpp"
#include "lincheck/model.hpp"
#include "lincheck/models.hpp"
#include "lincheck/pairing.hpp"
#include "lincheck/recorder.hpp"
#include "lincheck/value.hpp"
#include "lincheck/window.hpp"
