using CarbonScope.Measurement.Procfs;
using CarbonScope.Testing;

namespace CarbonScope.Tests.Measurement.Procfs;

public class ProcessTreeTests
{
    private const int Reaper = 1000;
    private const int Root = 2000;
    private const int Child = 2001;
    private const int Grandchild = 2002;

    [Fact]
    public void The_first_sample_is_the_baseline()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 500, stime: 100, cutime: 70, cstime: 30, rss: 10);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 900, rss: 5);

        var sample = new ProcessTree(proc.FileSystem(), Root).Sample();

        Assert.Equal(0, sample.CpuTicks);
        Assert.Equal(15 * 4096, sample.ResidentBytes);
        Assert.Equal(new HashSet<int> { Root, Child }, sample.ProcessIds);
        Assert.True(sample.RootAlive);
    }

    [Fact]
    public void Growth_of_the_root_and_a_child_is_summed()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100, stime: 10);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 200, stime: 20);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        proc.Process(Root, Reaper, utime: 130, stime: 30);   // +50
        proc.Process(Child, Root, utime: 260, stime: 25);    // +65
        var second = tree.Sample();
        proc.Process(Root, Reaper, utime: 131, stime: 30);   // +1
        var third = tree.Sample();

        Assert.Equal(115, second.CpuTicks);
        Assert.Equal(116, third.CpuTicks);
    }

    [Fact]
    public void A_child_reaped_by_the_root_is_counted_once()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 200);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        proc.Process(Root, Reaper, utime: 110);              // +10
        proc.Process(Child, Root, utime: 250);               // +50
        Assert.Equal(60, tree.Sample().CpuTicks);

        // The child runs 50 more ticks, exits and is reaped: its 300 ticks land in the root's cutime.
        proc.Remove(Child);
        proc.Children(Root);
        proc.Process(Root, Reaper, utime: 120, cutime: 300); // +10 own, +50 unseen slice of the child
        var last = tree.Sample();

        Assert.Equal(120, last.CpuTicks);
        Assert.Equal(new HashSet<int> { Root }, last.ProcessIds);
    }

    [Fact]
    public void A_child_that_was_never_sampled_is_counted_from_the_roots_cutime()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100, cutime: 1000, cstime: 500); // earlier children: baseline
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        // A short-lived child ran 30 + 10 ticks between samples and was reaped by the root.
        proc.Process(Root, Reaper, utime: 105, cutime: 1030, cstime: 510);

        Assert.Equal(45, tree.Sample().CpuTicks);
    }

    [Fact]
    public void A_new_process_counts_all_its_times_including_its_reaped_children()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 40, stime: 5, cutime: 7, cstime: 3);

        Assert.Equal(55, tree.Sample().CpuTicks);
    }

    [Fact]
    public void A_grandchild_reaped_by_a_parent_that_vanished_too_is_counted_once()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 10);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 20);
        proc.Children(Child, Grandchild);
        proc.Process(Grandchild, Child, utime: 30);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        // The grandchild runs to 50 and is reaped by the child (cutime 50); the child runs to 25 and is reaped by the
        // root (cutime 25 + 50); the root runs 2 ticks. True use since the baseline: 20 + 5 + 2.
        proc.Remove(Grandchild);
        proc.Remove(Child);
        proc.Children(Root);
        proc.Process(Root, Reaper, utime: 12, cutime: 75);

        Assert.Equal(27, tree.Sample().CpuTicks);
    }

    [Fact]
    public void The_reaper_absorbs_the_roots_final_slice_but_not_its_own_time()
    {
        using var proc = new FakeProcTree();
        proc.Process(Reaper, 1, utime: 5000, cutime: 500);
        proc.Children(Reaper, Root);
        proc.Process(Root, Reaper, utime: 100);
        var tree = new ProcessTree(proc.FileSystem(), Root, Reaper);
        Assert.Equal(new HashSet<int> { Root }, tree.Sample().ProcessIds);

        proc.Process(Root, Reaper, utime: 110);                 // +10
        proc.Process(Reaper, 1, utime: 6000, cutime: 500);      // the reaper's own time is not the tree's
        Assert.Equal(10, tree.Sample().CpuTicks);

        // The root runs 30 more ticks, exits, and the reaper waits for it: cutime += 140.
        proc.Remove(Root);
        proc.Children(Reaper);
        proc.Process(Reaper, 1, utime: 7000, cutime: 640);
        var last = tree.Sample();

        Assert.Equal(40, last.CpuTicks);
        Assert.False(last.RootAlive);
        Assert.Empty(last.ProcessIds);
    }

    [Fact]
    public void Without_a_reaper_the_roots_final_slice_is_lost()
    {
        using var proc = new FakeProcTree();
        proc.Process(Reaper, 1, utime: 5000, cutime: 500);
        proc.Process(Root, Reaper, utime: 100);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        proc.Remove(Root);
        proc.Process(Reaper, 1, utime: 7000, cutime: 630);

        Assert.Equal(0, tree.Sample().CpuTicks);
    }

    [Fact]
    public void The_reapers_other_children_are_not_counted_while_the_root_lives()
    {
        using var proc = new FakeProcTree();
        proc.Process(Reaper, 1, utime: 5000, cutime: 500);
        proc.Process(Root, Reaper, utime: 100);
        var tree = new ProcessTree(proc.FileSystem(), Root, Reaper);
        tree.Sample();

        proc.Process(Reaper, 1, utime: 5000, cutime: 900);  // e.g. a helper the CLI ran and waited for

        Assert.Equal(0, tree.Sample().CpuTicks);
    }

    [Fact]
    public void The_reaper_absorbs_the_vanished_root_and_its_vanished_child()
    {
        using var proc = new FakeProcTree();
        proc.Process(Reaper, 1, utime: 1, cutime: 0);
        proc.Process(Root, Reaper, utime: 100);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 50);
        var tree = new ProcessTree(proc.FileSystem(), Root, Reaper);
        tree.Sample();

        // The child runs to 60 and is reaped by the root; the root runs to 105 and is reaped by the reaper.
        proc.Remove(Child);
        proc.Remove(Root);
        proc.Process(Reaper, 1, utime: 1, cutime: 105 + 60);

        Assert.Equal(15, tree.Sample().CpuTicks);
    }

    [Fact]
    public void A_zombie_root_is_not_alive_and_its_times_are_still_counted()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100, rss: 100);
        var tree = new ProcessTree(proc.FileSystem(), Root, Reaper);
        tree.Sample();

        proc.Process(Root, Reaper, utime: 120, state: 'Z', rss: 0);
        var zombie = tree.Sample();

        Assert.False(zombie.RootAlive);
        Assert.Equal(20, zombie.CpuTicks);
        Assert.Empty(zombie.ProcessIds);
        Assert.Equal(0, zombie.ResidentBytes);
    }

    [Fact]
    public void A_root_that_vanished_mid_read_does_not_throw()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 10);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        // The root's directory is still listed but its stat is gone or half-written.
        proc.DeleteFile($"{Root}/stat");
        var gone = tree.Sample();
        proc.WriteFile($"{Root}/stat", $"{Root} (pyth");
        var torn = tree.Sample();
        proc.Remove(Root);
        var removed = tree.Sample();

        Assert.False(gone.RootAlive);
        Assert.False(torn.RootAlive);
        Assert.False(removed.RootAlive);
        Assert.Equal(0, removed.CpuTicks);
    }

    [Fact]
    public void A_child_reparented_out_of_the_tree_is_still_followed()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 10);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        // The child daemonised: init adopted it; it keeps running.
        proc.Children(Root);
        proc.Process(Child, 1, utime: 25);
        var sample = tree.Sample();

        Assert.Equal(15, sample.CpuTicks);
        Assert.Contains(Child, sample.ProcessIds);
    }

    [Fact]
    public void A_reused_pid_is_a_new_process()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100);
        proc.Children(Root, Child);
        proc.Process(Child, Root, utime: 500, startTime: 1000);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        // The child exited (reaped by the root after 20 more ticks) and a new child got the same pid.
        proc.Process(Root, Reaper, utime: 100, cutime: 520);
        proc.Process(Child, Root, utime: 7, startTime: 9000);

        Assert.Equal(27, tree.Sample().CpuTicks);
    }

    [Fact]
    public void Cpu_ticks_never_decrease()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 100, cutime: 50);
        var tree = new ProcessTree(proc.FileSystem(), Root);
        tree.Sample();

        proc.Process(Root, Reaper, utime: 90, cutime: 10); // nonsense from a broken fake: clamped, not subtracted
        var second = tree.Sample();
        proc.Process(Root, Reaper, utime: 95, cutime: 10);

        Assert.Equal(0, second.CpuTicks);
        Assert.Equal(5, tree.Sample().CpuTicks);
    }

    [Fact]
    public void Children_found_through_task_children_files_make_the_tree()
    {
        using var proc = new FakeProcTree();
        proc.Process(Root, Reaper, utime: 1, rss: 1);
        proc.ThreadChildren(Root, Root, Child);
        proc.ThreadChildren(Root, Root + 10, Grandchild);   // a child forked by a second thread
        proc.Process(Child, Root, utime: 1, rss: 2);
        proc.Process(Grandchild, Root, utime: 1, rss: 4);
        proc.Process(3000, Root, utime: 1, rss: 8);         // ppid claims it, the children files do not

        var sample = new ProcessTree(proc.FileSystem(pageSize: 100), Root).Sample();

        Assert.Equal(new HashSet<int> { Root, Child, Grandchild }, sample.ProcessIds);
        Assert.Equal(700, sample.ResidentBytes);
    }

    [Fact]
    public void Children_found_by_the_ppid_scan_make_the_tree()
    {
        using var proc = new FakeProcTree(childrenFiles: false);
        proc.Process(Reaper, 1, utime: 1, rss: 1000);
        proc.Process(Root, Reaper, utime: 1, rss: 1);
        proc.Process(Child, Root, utime: 1, rss: 2);
        proc.Process(Grandchild, Child, utime: 1, rss: 4);
        proc.Process(3000, 1, utime: 1, rss: 8);

        var tree = new ProcessTree(proc.FileSystem(pageSize: 100), Root, Reaper);
        var first = tree.Sample();
        proc.Process(Grandchild, Child, utime: 11, rss: 4);

        Assert.Equal(new HashSet<int> { Root, Child, Grandchild }, first.ProcessIds);
        Assert.Equal(700, first.ResidentBytes);
        Assert.Equal(10, tree.Sample().CpuTicks);
    }

    [Fact]
    public void A_root_that_never_existed_gives_empty_samples()
    {
        using var proc = new FakeProcTree();

        var tree = new ProcessTree(proc.FileSystem(), Root, Reaper);
        tree.Sample();
        var sample = tree.Sample();

        Assert.Equal(new ProcessTreeSample(0, 0, sample.ProcessIds, false), sample);
        Assert.Empty(sample.ProcessIds);
    }
}
