// fuzz_jepsen_log_2016: each input line as the op text of a line of Jepsen's file log since 2016
// (timestamp, level, worker, logger); the readers' property for line-based formats.
#include <string>
#include <string_view>

#include "common/read_and_check.hpp"
#include "targets.hpp"

namespace lincheck::fuzz {

namespace {

std::string in_2016_log_layout(std::string_view data) {
    std::string text;
    std::size_t begin = 0;
    while (begin <= data.size()) {
        std::size_t end = data.find('\n', begin);
        if (end == std::string_view::npos) end = data.size();
        text += "2023-05-01 10:00:00,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: ";
        text += data.substr(begin, end - begin);
        if (end < data.size()) text += '\n';
        begin = end + 1;
    }
    return text;
}

}  // namespace

void fuzz_jepsen_log_2016(std::string_view data) {
    read_lines_and_check(in_2016_log_layout(data), formats::Format::jepsen_log);
}

}  // namespace lincheck::fuzz
