#pragma once

namespace lincheck::cli {

// Documented in README and --help; scripts depend on them.
enum ExitCode : int {
    kLinearizable = 0,
    kNotLinearizable = 1,
    kUnknown = 2,     // a limit was reached before the search could decide
    kBadInput = 3,    // the history could not be read or makes no sense
    kBadUsage = 4,    // the command line is wrong
};

}  // namespace lincheck::cli
