// Checking a recorded history: the one search first, straight from the records with the Recorder's
// kept SearchMemory (recorder_search.cpp), which only ever answers "linearizable"; anything else goes
// to check_history, and a failure is explained.
#include <stdexcept>

#include "lincheck/internal/limits.hpp"
#include "lincheck/recorder.hpp"

namespace lincheck {

namespace {

const std::vector<Hint> kNoHints;

}  // namespace

const std::vector<Hint>& RecorderReport::hints() const {
    return explanation ? explanation->hints : kNoHints;
}

RecorderReport Recorder::check(const Model& model, const RecorderCheckOptions& options) const {
    return check_with(model, nullptr, options);
}

RecorderReport Recorder::check(std::shared_ptr<const Model> model, const RecorderCheckOptions& options) const {
    if (!model) throw std::invalid_argument("lincheck::Recorder::check: no model");
    return check_with(*model, model, options);
}

RecorderReport Recorder::check_with(const Model& model, const std::shared_ptr<const Model>& keep,
                                    const RecorderCheckOptions& options) const {
    const auto stopped = [&] {
        return lincheck::stopped(options.limits);
    };
    if (options.fast && !stopped() && fast_linearizable(model, keep, options.limits)) {
        RecorderReport report;
        report.fast = true;
        return report;
    }

    RecorderReport report;
    HistoryOptions history_options;
    history_options.jobs = options.jobs;
    report.history = check_history(model, operations(), options.limits, history_options);  // moved into partitions
    report.verdict = report.history.verdict;
    if (report.verdict == Verdict::unknown) {
        for (const PartitionResult& p : report.history.partitions) {
            if (p.result.verdict == Verdict::unknown && !p.result.unknown_reason.empty()) {
                report.unknown_reason = p.result.unknown_reason;
                break;
            }
        }
    }
    if (report.verdict != Verdict::not_linearizable || !options.explain) return report;

    // Only now, on a failure: the failed operations of the failing key, for the diagnosis.
    PartitionResult& partition = report.history.partitions[*report.history.first_failure];
    refine_counterexample(model, partition.ops, partition.result, options.limits);  // the prefix shown
    std::vector<Operation> failed;
    for (const Record& r : records_) {
        if (r.status != Status::failed) continue;
        Operation op = to_operation(r);
        if (op.key == partition.key) failed.push_back(std::move(op));
    }
    report.explanation = explain(model, partition, failed, options.limits);
    if (options.render) {
        report.text = render_failure(model, partition, *report.explanation, options.notation, options.width);
    }
    return report;
}

RecorderReport Recorder::check(std::string_view model_name, const ModelOptions& model_options,
                               const RecorderCheckOptions& options) const {
    const std::shared_ptr<const Model> model = named_model(model_name, model_options);  // alive while checked
    return check_with(*model, model, options);
}

}  // namespace lincheck
