// The default memory budget's cgroup limit (cli/memory_budget.cpp), read from fake /proc/self/cgroup
// files and /sys/fs/cgroup trees: v2 mounted alone, v2 beside v1 (hybrid, `unified`), v1's memory
// controller with its "no limit" of ~2^63, the tightest of a cgroup and its ancestors, and a container
// whose cgroup path does not exist under the mount (its root is read). The RLIMIT_AS and RLIMIT_DATA
// budgets are proven on the real binary by tests/limits_test.sh.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/memory_budget.hpp"

namespace lincheck::cli {
namespace {

namespace fs = std::filesystem;

class CgroupMemoryLimit : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("lincheck-cgroup-" + std::to_string(getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_ / "sys");
    }
    void TearDown() override { fs::remove_all(root_); }

    // Writes TEXT to SYS_RELATIVE under the fake /sys/fs/cgroup.
    void put(const std::string& sys_relative, const std::string& text) {
        const fs::path file = root_ / "sys" / sys_relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text << "\n";
    }
    std::size_t limit(const std::string& proc_self_cgroup) {
        std::ofstream(root_ / "cgroup") << proc_self_cgroup;
        return cgroup_memory_limit((root_ / "cgroup").string(), (root_ / "sys").string());
    }

    fs::path root_;
};

constexpr std::size_t MiB = std::size_t{1} << 20;

TEST_F(CgroupMemoryLimit, NoneWhenNothingIsLimited) {
    put("memory.max", "max");
    put("a/memory.max", "max");
    EXPECT_EQ(limit("0::/a\n"), 0u);
    EXPECT_EQ(cgroup_memory_limit((root_ / "missing").string(), (root_ / "sys").string()), 0u);
}

TEST_F(CgroupMemoryLimit, V2TheTightestOfTheCgroupAndItsAncestors) {
    put("a/memory.max", std::to_string(800 * MiB));
    put("a/b/memory.max", "max");
    put("a/b/c/memory.max", std::to_string(900 * MiB));
    EXPECT_EQ(limit("0::/a/b/c\n"), 800 * MiB);
    put("a/b/memory.max", std::to_string(300 * MiB));
    EXPECT_EQ(limit("0::/a/b/c\n"), 300 * MiB);
}

TEST_F(CgroupMemoryLimit, V2HybridUnderUnified) {
    put("unified/job/memory.max", std::to_string(256 * MiB));
    EXPECT_EQ(limit("1:name=systemd:/job\n0::/job\n"), 256 * MiB);
}

TEST_F(CgroupMemoryLimit, V1MemoryController) {
    put("memory/memory.limit_in_bytes", "9223372036854771712");  // v1's "unlimited"
    put("memory/job/memory.limit_in_bytes", std::to_string(512 * MiB));
    EXPECT_EQ(limit("9:pids:/\n4:memory:/job\n3:cpuset:/\n0::/\n"), 512 * MiB);
    // A v1 hierarchy may hold several controllers (e.g. cpu,cpuacct): a comma-separated list.
    EXPECT_EQ(limit("4:cpu,memory:/job\n"), 512 * MiB);
    // Only the memory controller's hierarchy counts.
    EXPECT_EQ(limit("4:cpu:/job\n"), 0u);
}

TEST_F(CgroupMemoryLimit, ContainerPathMissingUnderTheMountReadsItsRoot) {
    // Inside a container /proc/self/cgroup names the host's path; the mount shows the container's
    // own cgroup as its root.
    put("memory/memory.limit_in_bytes", std::to_string(2048 * MiB));
    EXPECT_EQ(limit("4:memory:/docker/0123abcd\n"), 2048 * MiB);
    put("memory.max", std::to_string(1024 * MiB));
    EXPECT_EQ(limit("0::/kubepods/pod1/c2\n"), 1024 * MiB);
}

TEST_F(CgroupMemoryLimit, GarbageIsNoLimit) {
    put("a/memory.max", "12abc");
    put("memory/a/memory.limit_in_bytes", "");
    EXPECT_EQ(limit("0::/a\nnot a line\n4:memory:/a\n"), 0u);
}

}  // namespace
}  // namespace lincheck::cli
