#include "report_words.hpp"

#include "exit_codes.hpp"

namespace lincheck::cli {

namespace {

int severity(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return 0;
        case kUnknown: return 1;
        case kNotLinearizable: return 2;
        case kBadInput: return 3;
        default: return 4;
    }
}

}  // namespace

int exit_code_of(Verdict verdict) {
    switch (verdict) {
        case Verdict::linearizable: return kLinearizable;
        case Verdict::not_linearizable: return kNotLinearizable;
        case Verdict::unknown: return kUnknown;
    }
    return kUnknown;
}

std::string outcome_name(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return "linearizable";
        case kNotLinearizable: return "not_linearizable";
        case kUnknown: return "unknown";
        case kBadInput: return "bad_input";
        default: return "bad_usage";
    }
}

std::string outcome_text(int exit_code) {
    switch (exit_code) {
        case kLinearizable: return "linearizable";
        case kNotLinearizable: return "NOT linearizable";
        case kUnknown: return "unknown";
        case kBadInput: return "bad input";
        default: return "bad usage";
    }
}

int worse(int a, int b) { return severity(a) >= severity(b) ? a : b; }

}  // namespace lincheck::cli
