using CarbonScope.Measurement.Procfs;
using CarbonScope.Testing;

namespace CarbonScope.Tests.Measurement.Procfs;

public class ProcFileSystemTests
{
    [Fact]
    public void Machine_cpu_times_exclude_idle_and_iowait_from_busy_and_guest_from_total()
    {
        using var proc = new FakeProcTree();
        // user nice system idle iowait irq softirq steal guest guest_nice
        proc.WriteFile("stat", "cpu  1000 20 300 5000 400 10 20 30 500 7\ncpu0 500 10 150 2500 200 5 10 15 250 3\ncpu1 500 10 150 2500 200 5 10 15 250 4\nintr 12345 1 2 3\nctxt 999\n");

        Assert.True(proc.FileSystem().TryReadMachineCpuTimes(out var times, out var error));

        Assert.Null(error);
        Assert.Equal(1000 + 20 + 300 + 5000 + 400 + 10 + 20 + 30, times.TotalTicks);
        Assert.Equal(1000 + 20 + 300 + 10 + 20 + 30, times.BusyTicks);
    }

    [Fact]
    public void Machine_cpu_times_accept_an_old_kernel_line_with_four_fields()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("stat", "cpu 100 0 50 850\n");

        Assert.True(proc.FileSystem().TryReadMachineCpuTimes(out var times, out _));

        Assert.Equal(new MachineCpuTimes(150, 1000), times);
    }

    [Theory]
    [InlineData("intr 1 2 3\ncpu 1 2 3 4\n")]
    [InlineData("cpu 100 0 abc 850\n")]
    [InlineData("cpu 100 0 50\n")]
    [InlineData("")]
    public void A_malformed_stat_first_line_is_an_error_that_quotes_it(string content)
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("stat", content);

        Assert.False(proc.FileSystem().TryReadMachineCpuTimes(out _, out var error));

        Assert.NotNull(error);
        Assert.Contains(Path.Combine(proc.Root, "stat"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_stat_file_is_an_error_with_the_path()
    {
        using var proc = new FakeProcTree();

        Assert.False(proc.FileSystem().TryReadMachineCpuTimes(out _, out var error));

        Assert.Contains(Path.Combine(proc.Root, "stat"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Logical_cpus_are_the_cpuN_lines_of_stat()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("stat", "cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu1 1 1 1 1\ncpu2 1 1 1 1\ncpu3 1 1 1 1\nintr 1 2\ncpu9 looks like a cpu line but comes after intr\n");

        Assert.Equal(4, proc.FileSystem().ReadLogicalCpuCount());
    }

    [Fact]
    public void Logical_cpu_count_is_null_without_a_stat_file()
    {
        using var proc = new FakeProcTree();

        Assert.Null(proc.FileSystem().ReadLogicalCpuCount());
    }

    [Fact]
    public void Comm_with_spaces_and_parentheses_is_parsed_after_the_last_paren()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("42/stat", FakeProcTree.StatLine(42, "my (weird) proc", 'R', 7, utime: 1234, stime: 56, cutime: 78, cstime: 9, rss: 2500, startTime: 31337));

        Assert.True(proc.FileSystem().TryReadProcessStat(42, out var stat));

        Assert.Equal(new ProcessStat(42, "my (weird) proc", 'R', 7, 1234, 56, 78, 9, 2500) { StartTimeTicks = 31337 }, stat);
        Assert.Equal(1290, stat.OwnTicks);
        Assert.Equal(87, stat.ChildrenTicks);
    }

    [Fact]
    public void Comm_that_ends_with_a_paren_and_space_does_not_shift_the_fields()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("42/stat", FakeProcTree.StatLine(42, ") S 1 2 3 (", 'S', 9, utime: 11, stime: 22, cutime: 33, cstime: 44, rss: 55));

        Assert.True(proc.FileSystem().TryReadProcessStat(42, out var stat));

        Assert.Equal(") S 1 2 3 (", stat.Command);
        Assert.Equal((9, 11L, 22L, 33L, 44L, 55L), (stat.ParentProcessId, stat.UserTicks, stat.SystemTicks, stat.ChildrenUserTicks, stat.ChildrenSystemTicks, stat.ResidentPages));
    }

    [Theory]
    [InlineData("42 (python")]
    [InlineData("42 (python) S 1 2 3")]
    [InlineData("42 python S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")]
    [InlineData("x (python) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")]
    [InlineData("42 (python) S 1 2 3 4 5 6 7 8 9 10 eleven 12 13 14 15 16 17 18 19 20 21 22 23")]
    [InlineData("42 (python) SS 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23")]
    [InlineData("")]
    public void A_malformed_process_stat_is_not_read(string content)
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("42/stat", content);

        Assert.False(proc.FileSystem().TryReadProcessStat(42, out _));
    }

    [Fact]
    public void A_vanished_process_is_not_read_and_does_not_throw()
    {
        using var proc = new FakeProcTree();

        Assert.False(proc.FileSystem().TryReadProcessStat(4242, out _));
        Assert.Empty(proc.FileSystem().ReadChildren(4242));
    }

    [Fact]
    public void Meminfo_totals_are_converted_from_kilobytes()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("meminfo", "MemTotal:       65849008 kB\nMemFree:         1000000 kB\nMemAvailable:   40000000 kB\nBuffers:          200000 kB\nCached:         30000000 kB\nHugePages_Total:       0\n");

        Assert.True(proc.FileSystem().TryReadMemInfo(out var info, out var error));

        Assert.Null(error);
        Assert.Equal(new MemInfo(65849008L * 1024, 40000000L * 1024), info);
    }

    [Fact]
    public void Meminfo_without_MemAvailable_estimates_it_from_free_buffers_and_cached()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("meminfo", "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n");

        Assert.True(proc.FileSystem().TryReadMemInfo(out var info, out _));

        Assert.Equal(new MemInfo(1000 * 1024, 420 * 1024), info);
    }

    [Fact]
    public void Meminfo_without_MemTotal_is_an_error()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("meminfo", "MemFree: 100 kB\n");

        Assert.False(proc.FileSystem().TryReadMemInfo(out _, out var error));

        Assert.Contains("MemTotal", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpuinfo_of_a_two_socket_machine_gives_the_model_and_counts()
    {
        using var proc = new FakeProcTree();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            text.Append($"processor\t: {i}\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\nphysical id\t: {i / 4}\ncore id\t\t: {i % 4}\n\n");
        }

        proc.WriteFile("cpuinfo", text.ToString());

        Assert.Equal(new CpuInfo("Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 2, 8), proc.FileSystem().ReadCpuInfo());
    }

    [Fact]
    public void Cpuinfo_without_physical_ids_counts_one_socket()
    {
        using var proc = new FakeProcTree();
        proc.WriteFile("cpuinfo", "processor\t: 0\nBogoMIPS\t: 50.00\n\nprocessor\t: 1\nBogoMIPS\t: 50.00\n");

        Assert.Equal(new CpuInfo(null, 1, 2), proc.FileSystem().ReadCpuInfo());
    }

    [Fact]
    public void Missing_cpuinfo_gives_no_model_and_zero_counts()
    {
        using var proc = new FakeProcTree();

        Assert.Equal(new CpuInfo(null, 0, 0), proc.FileSystem().ReadCpuInfo());
    }

    [Fact]
    public void Children_are_the_union_of_every_threads_children_file()
    {
        using var proc = new FakeProcTree();
        proc.Process(42, 1, 10);
        proc.ThreadChildren(42, 42, 50, 43);
        proc.ThreadChildren(42, 44, 45);
        proc.ThreadChildren(42, 46);
        proc.Process(99, 42, 10); // ppid says child, but the kernel's children files are authoritative when they exist

        Assert.Equal([43, 45, 50], proc.FileSystem().ReadChildren(42));
    }

    [Fact]
    public void Without_children_files_children_are_found_by_scanning_ppid()
    {
        using var proc = new FakeProcTree(childrenFiles: false);
        proc.Process(42, 1, 10);
        proc.Process(43, 42, 10);
        proc.Process(50, 42, 10);
        proc.Process(51, 43, 10);
        proc.WriteFile("self/stat", "not a pid directory");
        proc.WriteFile("60/stat", "60 (broken");

        Assert.Equal([43, 50], proc.FileSystem().ReadChildren(42));
        Assert.Equal([51], proc.FileSystem().ReadChildren(43));
    }

    [Fact]
    public void The_default_file_system_reads_USER_HZ_from_libc()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "sysconf(_SC_CLK_TCK) is a Linux call here");

        Assert.True(LibC.TryGetClockTicksPerSecond(out var ticks));
        Assert.InRange(ticks, 1, 10_000);
        Assert.Equal(ticks, ProcFileSystem.Default.ClockTicksPerSecond);
        Assert.Equal(Environment.SystemPageSize, ProcFileSystem.Default.PageSizeBytes);
        Assert.Equal("/proc", ProcFileSystem.Default.Root);
    }
}
