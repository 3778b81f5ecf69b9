namespace CarbonScope.SustainML.Nodes;

/// <summary>The work of a node for one task: read the inputs, fill <paramref name="output"/>.</summary>
/// <param name="inputs">The task's inputs, in the order the node declared them.</param>
/// <param name="status">The status the framework publishes after the callback: set <see cref="NodeStatus.State"/> to
/// <see cref="NodeState.Error"/> and <see cref="NodeStatus.ErrorDescription"/> to report a failure and still publish the output.</param>
/// <param name="output">The output, created with the task id; the framework publishes it when the callback returns.</param>
/// <param name="cancellationToken">Cancelled when the node stops.</param>
public delegate ValueTask NodeCallback<in TOutput>(NodeInputs inputs, NodeStatus status, TOutput output, CancellationToken cancellationToken)
    where TOutput : class, ITaskMessage;

/// <summary>Answers a configuration request addressed to the node (as the seed templates' <c>configuration_callback(req, res)</c>).</summary>
/// <param name="request">The request.</param>
/// <param name="response">The response to fill: <see cref="ConfigurationResponse.Success"/>, <see cref="ConfigurationResponse.ErrorCode"/>
/// and <see cref="ConfigurationResponse.Configuration"/> (JSON text). Node id and transaction id are set by the framework.</param>
public delegate void ConfigurationCallback(ConfigurationRequest request, ConfigurationResponse response);
