using System.Globalization;

namespace CarbonScope.SustainML;

/// <summary>The key of one task of the SustainML pipeline: a problem and one iteration of it.</summary>
/// <remarks>
/// Both numbers start at 1; <c>{0, 0}</c> (the <see langword="default"/>) means "no task yet", which
/// <see cref="IsValid"/> reports. A new problem gets <c>{last problem + 1, 1}</c>; iterating problem p gets
/// <c>{p, highest iteration of p + 1}</c>. JSON: <c>{"problem_id": p, "iteration_id": i}</c>.
/// </remarks>
public readonly record struct TaskId(uint ProblemId, uint IterationId)
{
    /// <summary>Whether both numbers are at least 1 (SustainML's ids start at 1).</summary>
    public bool IsValid => ProblemId >= 1 && IterationId >= 1;

    /// <summary>The task id of the previous iteration of the same problem, or <see langword="null"/> for the first iteration.</summary>
    public TaskId? PreviousIteration => IterationId > 1 ? new TaskId(ProblemId, IterationId - 1) : null;

    /// <summary>The id as SustainML prints it: <c>{p, i}</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{{{ProblemId}, {IterationId}}}");
}
