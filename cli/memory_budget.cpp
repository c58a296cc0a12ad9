#include "memory_budget.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace lincheck::cli {

namespace {

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// A number from a one-line file; nullopt for "max", a missing file, or anything else.
std::optional<std::size_t> read_number(const std::string& path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    try {
        return static_cast<std::size_t>(std::stoull(text));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// A "Name:   1234 kB" field of /proc/self/status, in bytes (0 when missing).
std::size_t status_field(const std::string& name) {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);) {
        if (line.compare(0, name.size() + 1, name + ":") != 0) continue;
        std::istringstream fields(line.substr(name.size() + 1));
        std::size_t kib = 0;
        fields >> kib;
        return kib << 10;
    }
    return 0;
}

std::size_t soft_rlimit(int resource) {
    struct rlimit limit {};
    if (getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
    return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace

// The tightest memory limit of this process's cgroup and its ancestors (v2: memory.max; v1: the
// memory controller's memory.limit_in_bytes, where "no limit" is a huge number); 0 if none. Inside a
// container the path /proc/self/cgroup names may not exist under the mount: the mount's root is
// tried too.
std::size_t cgroup_memory_limit(const std::string& proc_self_cgroup, const std::string& sys_fs_cgroup) {
    constexpr std::size_t kNoLimit = std::size_t{1} << 60;  // v1 says "unlimited" with ~2^63
    std::size_t tightest = 0;
    auto consider = [&](const std::optional<std::size_t>& limit) {
        if (limit && *limit > 0 && *limit < kNoLimit && (tightest == 0 || *limit < tightest)) tightest = *limit;
    };
    auto walk = [&](const std::string& mount, std::string path, const char* file) {
        for (;;) {
            consider(read_number(mount + path + "/" + file));
            if (path.empty() || path == "/") break;
            path.erase(path.find_last_of('/'));
        }
        consider(read_number(mount + "/" + file));
    };
    std::ifstream in(proc_self_cgroup);
    for (std::string line; std::getline(in, line);) {
        // hierarchy-id:controllers:path
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        if (controllers.empty()) {
            walk(sys_fs_cgroup, path, "memory.max");               // v2, mounted alone
            walk(sys_fs_cgroup + "/unified", path, "memory.max");  // v2 beside v1 (hybrid)
        }
        std::istringstream names(controllers);
        for (std::string name; std::getline(names, name, ',');) {
            if (name == "memory") walk(sys_fs_cgroup + "/memory", path, "memory.limit_in_bytes");
        }
    }
    return tightest;
}

MemoryBudgetChoice explicit_memory_budget(std::size_t mebibytes) {
    return {mebibytes << 20, "--memory-limit", "--memory-limit " + std::to_string(mebibytes)};
}

MemoryBudgetChoice default_memory_budget() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    const std::size_t physical = pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) : 0;

    MemoryBudgetChoice best;
    best.bytes = std::numeric_limits<std::size_t>::max();
    auto consider = [&](std::size_t bytes, const char* source, const std::string& detail) {
        if (bytes < best.bytes) best = {bytes, source, detail};
    };
    // Three quarters of what `limit` leaves above `used` (nothing when used is over it already).
    auto left = [](std::size_t limit, std::size_t used) { return limit > used ? (limit - used) / 4 * 3 : 0; };
    if (physical != 0) consider(physical / 2, "physical memory", "half of the " + mib(physical) + " of physical memory");
    if (const std::size_t limit = cgroup_memory_limit("/proc/self/cgroup", "/sys/fs/cgroup"); limit != 0) {
        const std::size_t used = status_field("VmRSS");
        consider(left(limit, used), "cgroup", "three quarters of what the cgroup's " + mib(limit) +
                                                  " limit leaves above the " + mib(used) + " the process holds");
    }
    if (const std::size_t limit = soft_rlimit(RLIMIT_AS); limit != 0) {
        const std::size_t used = status_field("VmSize");
        consider(left(limit, used), "RLIMIT_AS", "three quarters of what RLIMIT_AS, " + mib(limit) + ", leaves above the " +
                                                     mib(used) + " of address space in use");
    }
    if (const std::size_t limit = soft_rlimit(RLIMIT_DATA); limit != 0) {
        const std::size_t used = status_field("VmData");
        consider(left(limit, used), "RLIMIT_DATA", "three quarters of what RLIMIT_DATA, " + mib(limit) + ", leaves above the " +
                                                       mib(used) + " of data in use");
    }
    if (best.source.empty()) return {std::size_t{4} << 30, "fallback", "4 GiB, as no memory size was found"};
    // A budget of zero would give up at once; one MiB gives up almost as soon, and says so.
    if (best.bytes < (std::size_t{1} << 20)) best.bytes = std::size_t{1} << 20;
    return best;
}

}  // namespace lincheck::cli
