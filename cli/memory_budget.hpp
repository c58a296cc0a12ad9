#pragma once
// The memory budget of a run's searches when --memory-limit is not given: what the machine and the
// process's limits leave, so that a run left alone answers `unknown` instead of being killed.
#include <cstddef>
#include <string>

namespace lincheck::cli {

struct MemoryBudgetChoice {
    std::size_t bytes = 0;
    std::string source;  // where it came from, for -v and the JSON report: "--memory-limit", "RLIMIT_AS", ...
    std::string detail;  // a sentence of figures, e.g. "three quarters of the 1024 MiB RLIMIT_AS leaves ..."
};

// The budget --memory-limit MIB gives (source "--memory-limit").
MemoryBudgetChoice explicit_memory_budget(std::size_t mib);

// The default: the smallest of half the physical memory, three quarters of what the cgroup's memory
// limit (v1 or v2) leaves above the process's resident size, and three quarters of what RLIMIT_AS and
// RLIMIT_DATA leave above its address space and data size. The quarter kept back is for the history,
// the reports and what the search's accounting does not see (thread arenas, allocator slack).
MemoryBudgetChoice default_memory_budget();

// The tightest memory limit of the cgroups PROC_SELF_CGROUP (the format of /proc/self/cgroup) names,
// and of their ancestors, under SYS_FS_CGROUP (v2 mounted alone or as `unified` beside v1: memory.max;
// v1: memory/memory.limit_in_bytes, where "no limit" is a huge number); 0 if none. default_memory_budget
// reads "/proc/self/cgroup" and "/sys/fs/cgroup"; other roots are for tests.
std::size_t cgroup_memory_limit(const std::string& proc_self_cgroup, const std::string& sys_fs_cgroup);

}  // namespace lincheck::cli
