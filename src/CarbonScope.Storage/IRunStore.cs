using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;

namespace CarbonScope.Storage;

/// <summary>
/// The history of <c>carbonscope run</c>: one <see cref="RunRecord"/> per run, updated while it runs, and its energy
/// samples.
/// </summary>
/// <remarks>
/// Every failure to open, read or write the store is a <see cref="RunStoreException"/> whose one-line message names the
/// store, says what is wrong and how to fix it. Implementations are safe to call from several threads.
/// </remarks>
public interface IRunStore
{
    /// <summary>Records a run that has just started, at once, with status <see cref="RunStatus.Running"/> (whatever <paramref name="run"/> says).</summary>
    /// <exception cref="RunStoreException">The store cannot be written, or already holds a run with this id.</exception>
    void BeginRun(RunRecord run);

    /// <summary>
    /// In one transaction: replaces the run's figures (components, EndedAt, diagnostics, ...) with those of
    /// <paramref name="progress"/>, status <see cref="RunStatus.Running"/>, and appends <paramref name="newSamples"/> after
    /// the samples already stored. Creates the run if <see cref="BeginRun"/> did not.
    /// </summary>
    void Flush(RunRecord progress, IReadOnlyList<EnergySample> newSamples);

    /// <summary>
    /// In one transaction: writes the final record (its status must not be <see cref="RunStatus.Running"/>) and appends the
    /// last samples. Creates the run if <see cref="BeginRun"/> did not.
    /// </summary>
    void CompleteRun(RunRecord final, IReadOnlyList<EnergySample> remainingSamples);

    /// <summary>
    /// The most recent runs, newest first (by start time). A run still marked running whose writer has gone is reported
    /// as <see cref="RunStatus.Incomplete"/>, with the figures of its last flush.
    /// </summary>
    /// <param name="limit">At most this many runs; positive.</param>
    IReadOnlyList<RunRecord> ListRuns(int limit = 100);

    /// <summary>
    /// The run whose id is <paramref name="idOrPrefix"/>, or the only one whose id starts with it (at least 4 characters,
    /// case-insensitive); null when none matches. Incomplete runs are reported as in <see cref="ListRuns"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is shorter than 4 characters, or matches several runs (the message lists them): a mistake of the caller's, not of the store.</exception>
    /// <exception cref="RunStoreException">The store cannot be read.</exception>
    RunRecord? FindRun(string idOrPrefix);

    /// <summary>The samples of a run (by its full id), in the order they were recorded; empty when there are none or no such run.</summary>
    IReadOnlyList<EnergySample> ReadSamples(string runId);
}
