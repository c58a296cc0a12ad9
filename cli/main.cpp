// lincheck: checks a history of concurrent operations for linearizability.
// The cli only wires the command line to the `formats` readers and the `checker`.
#include <cstring>
#include <iostream>
#include <new>

#include "batch.hpp"
#include "exit_codes.hpp"
#include "jepsen_store.hpp"
#include "session.hpp"
#include "settings.hpp"

int main(int argc, char** argv) {
    using namespace lincheck::cli;
    try {
        if (argc > 1 && std::strcmp(argv[1], "merge") == 0) return run_merge(argc - 1, argv + 1);
        int exit_code = 0;
        const auto settings = parse_command_line(argc, argv, exit_code);
        if (!settings) return exit_code;
        // A Jepsen run directory is checked through its history, and named by the directory (batch.cpp).
        const bool run_directory = settings->input != "-" && is_jepsen_run(settings->input);
        return settings->batch() || run_directory ? run_batch(*settings) : run_session(*settings);
    } catch (const std::bad_alloc&) {
        std::cerr << "lincheck: out of memory; --memory-limit gives an `unknown` answer instead\n";
        return kUnknown;
    }
}
