namespace CarbonScope.SustainML;

/// <summary>The status of a node, in the IDL's order (the numbers are the IDL's).</summary>
/// <remarks>JSON and REST write the IDL names: <c>INACTIVE</c>, <c>ERROR</c>, <c>IDLE</c>, <c>INITIALIZING</c>, <c>RUNNING</c>, <c>TERMINATING</c>.</remarks>
public enum NodeState
{
    /// <summary>Not started, or stopped. What the REST API answers for a node never seen.</summary>
    Inactive = 0,

    /// <summary>The last callback failed; <see cref="NodeStatus.ErrorDescription"/> says why.</summary>
    Error = 1,

    /// <summary>Ready, waiting for inputs.</summary>
    Idle = 2,

    /// <summary>Starting (subscribing to its inputs).</summary>
    Initializing = 3,

    /// <summary>Running a callback for <see cref="NodeStatus.TaskId"/>.</summary>
    Running = 4,

    /// <summary>Stopping.</summary>
    Terminating = 5,
}

/// <summary>The status of one task at one node (IDL <c>TaskStatus</c>).</summary>
public enum TaskState
{
    /// <summary>No task, or waiting for inputs.</summary>
    Waiting = 0,

    /// <summary>The task failed at this node.</summary>
    Error = 1,

    /// <summary>The node is running the task.</summary>
    Running = 2,

    /// <summary>The node finished the task and published its output.</summary>
    Succeeded = 3,
}

/// <summary>The IDL's <c>ErrorCode</c>.</summary>
public enum ErrorCode
{
    /// <summary><c>NO_ERROR</c>.</summary>
    NoError = 0,

    /// <summary><c>INTERNAL_ERROR</c>.</summary>
    InternalError = 1,
}

/// <summary>A command to a node (IDL <c>CmdNode</c>).</summary>
public enum NodeCommand
{
    /// <summary><c>NO_CMD_NODE</c>.</summary>
    None = 0,

    /// <summary><c>START_NODE</c>.</summary>
    Start = 1,

    /// <summary><c>STOP_NODE</c>.</summary>
    Stop = 2,

    /// <summary><c>RESET_NODE</c>.</summary>
    Reset = 3,

    /// <summary><c>TERMINATE_NODE</c>.</summary>
    Terminate = 4,
}

/// <summary>A command about one task (IDL <c>CmdTask</c>).</summary>
public enum TaskCommand
{
    /// <summary><c>NO_CMD_TASK</c>.</summary>
    None = 0,

    /// <summary><c>STOP_TASK</c>.</summary>
    Stop = 1,

    /// <summary><c>RESET_TASK</c>.</summary>
    Reset = 2,

    /// <summary><c>PREEMPT_TASK</c>.</summary>
    Preempt = 3,

    /// <summary><c>TERMINATE_TASK</c>.</summary>
    Terminate = 4,
}

/// <summary>The SustainML node ids (the numbers the REST API and configuration requests use).</summary>
public enum NodeId
{
    /// <summary><c>APP_REQUIREMENTS_NODE</c>.</summary>
    AppRequirements = 0,

    /// <summary><c>CARBON_FOOTPRINT_NODE</c>.</summary>
    CarbonFootprint = 1,

    /// <summary><c>HW_CONSTRAINTS_NODE</c>.</summary>
    HardwareConstraints = 2,

    /// <summary><c>HW_RESOURCES_NODE</c>.</summary>
    HardwareResources = 3,

    /// <summary><c>ML_MODEL_METADATA_NODE</c>.</summary>
    MLModelMetadata = 4,

    /// <summary><c>ML_MODEL_NODE</c>.</summary>
    MLModel = 5,

    /// <summary><c>ORCHESTRATOR_NODE</c>; the REST API also uses 7 for "the user input".</summary>
    Orchestrator = 7,
}

/// <summary>The IDL names of the enums, both ways.</summary>
public static class SustainMLNames
{
    /// <summary>The REST API's node id for "all nodes".</summary>
    public const int AllNodes = 9;

    /// <summary>The participant name of a node, e.g. <c>CARBON_FOOTPRINT_NODE</c>.</summary>
    public static string NodeName(NodeId id) => id switch
    {
        NodeId.AppRequirements => "APP_REQUIREMENTS_NODE",
        NodeId.CarbonFootprint => "CARBON_FOOTPRINT_NODE",
        NodeId.HardwareConstraints => "HW_CONSTRAINTS_NODE",
        NodeId.HardwareResources => "HW_RESOURCES_NODE",
        NodeId.MLModelMetadata => "ML_MODEL_METADATA_NODE",
        NodeId.MLModel => "ML_MODEL_NODE",
        NodeId.Orchestrator => "ORCHESTRATOR_NODE",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Not a SustainML node id."),
    };

    /// <summary>The IDL name of a node status: <c>INACTIVE</c> … <c>TERMINATING</c>.</summary>
    public static string Name(NodeState state) => state switch
    {
        NodeState.Inactive => "INACTIVE",
        NodeState.Error => "ERROR",
        NodeState.Idle => "IDLE",
        NodeState.Initializing => "INITIALIZING",
        NodeState.Running => "RUNNING",
        NodeState.Terminating => "TERMINATING",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a node status."),
    };

    /// <summary>The IDL name of a task status: <c>WAITING</c>, <c>ERROR</c>, <c>RUNNING</c>, <c>SUCCEEDED</c>.</summary>
    public static string Name(TaskState state) => state switch
    {
        TaskState.Waiting => "WAITING",
        TaskState.Error => "ERROR",
        TaskState.Running => "RUNNING",
        TaskState.Succeeded => "SUCCEEDED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a task status."),
    };

    /// <summary>The IDL name of an error code: <c>NO_ERROR</c>, <c>INTERNAL_ERROR</c>.</summary>
    public static string Name(ErrorCode code) => code switch
    {
        ErrorCode.NoError => "NO_ERROR",
        ErrorCode.InternalError => "INTERNAL_ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not an error code."),
    };

    /// <summary>The IDL name of a node command, e.g. <c>START_NODE</c>.</summary>
    public static string Name(NodeCommand command) => command switch
    {
        NodeCommand.None => "NO_CMD_NODE",
        NodeCommand.Start => "START_NODE",
        NodeCommand.Stop => "STOP_NODE",
        NodeCommand.Reset => "RESET_NODE",
        NodeCommand.Terminate => "TERMINATE_NODE",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a node command."),
    };

    /// <summary>The IDL name of a task command, e.g. <c>STOP_TASK</c>.</summary>
    public static string Name(TaskCommand command) => command switch
    {
        TaskCommand.None => "NO_CMD_TASK",
        TaskCommand.Stop => "STOP_TASK",
        TaskCommand.Reset => "RESET_TASK",
        TaskCommand.Preempt => "PREEMPT_TASK",
        TaskCommand.Terminate => "TERMINATE_TASK",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a task command."),
    };
}
