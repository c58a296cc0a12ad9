// lincheck: checks a history of concurrent operations for linearizability.
// The cli only wires the command line to the `formats` readers and the `checker`.
#include <iostream>
#include <new>

#include "exit_codes.hpp"
#include "session.hpp"
#include "settings.hpp"

int main(int argc, char** argv) {
    using namespace lincheck::cli;
    int exit_code = 0;
    const auto settings = parse_command_line(argc, argv, exit_code);
    if (!settings) return exit_code;
    try {
        return run_session(*settings);
    } catch (const std::bad_alloc&) {
        std::cerr << "lincheck: out of memory; --memory-limit gives an `unknown` answer instead\n";
        return kUnknown;
    }
}
