namespace CarbonScope.SustainML.Orchestration;

/// <summary>A task id the orchestrator does not know (the REST layer answers 404).</summary>
public sealed class UnknownTaskException : KeyNotFoundException
{
    /// <summary>Creates the exception for a task id.</summary>
    public UnknownTaskException(TaskId taskId)
        : base($"Task {taskId} does not exist.") => TaskId = taskId;

    /// <summary>The task id asked for.</summary>
    public TaskId TaskId { get; }
}

/// <summary>
/// A user input that iterates (<c>previous_iteration</c> not 0) a problem the orchestrator does not know, or names none
/// in <c>extra_data.previous_problem_id</c> (the REST layer answers 400).
/// </summary>
public sealed class UnknownProblemException : ArgumentException
{
    /// <summary>Creates the exception with its message.</summary>
    public UnknownProblemException(string message, uint? problemId)
        : base(message) => ProblemId = problemId;

    /// <summary>The problem asked for, or <see langword="null"/> when the input names none.</summary>
    public uint? ProblemId { get; }
}

/// <summary>The results asked for did not all arrive within the timeout (the REST layer answers 408).</summary>
public sealed class ResultsTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ResultsTimeoutException(TaskId taskId, TimeSpan timeout, IReadOnlyList<NodeId> missing)
        : base($"The results of task {taskId} from {string.Join(", ", missing.Select(SustainMLNames.NodeName))} did not arrive within {timeout.TotalSeconds:0.###} s.")
    {
        TaskId = taskId;
        Timeout = timeout;
        Missing = missing;
    }

    /// <summary>The task.</summary>
    public TaskId TaskId { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The nodes whose output (or error) had not arrived.</summary>
    public IReadOnlyList<NodeId> Missing { get; }
}
