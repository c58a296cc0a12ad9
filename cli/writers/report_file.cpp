#include <fstream>
#include <iostream>

#include "cli/safe_text.hpp"
#include "cli/writers/writers.hpp"

namespace lincheck::cli {

bool write_report_file(const std::string& path, const std::function<void(std::ostream&)>& write,
                       std::string_view program) {
    std::ofstream out(path, std::ios::binary);
    if (out) write(out);
    if (!out) {
        std::cerr << display_text(std::string(program) + ": cannot write " + path + '\n');
        return false;
    }
    return true;
}

}  // namespace lincheck::cli
