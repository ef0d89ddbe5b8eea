namespace StreamReco.Streams.Engine;

/// <summary>
/// What a stream thread is doing outside its record loop (rebalance callbacks, shutdown) and since when (a
/// <see cref="TimeProvider"/> timestamp). A Close that times out reports it, so a stuck shutdown names the step it stuck in.
/// </summary>
internal sealed record ThreadStep(string Name, long Since)
{
    public const string Starting = "starting (topics, clients, subscription)";
    public const string Processing = "in its record loop (processing, periodic commits)";
    public const string AssigningTasks = "creating and restoring assigned tasks";
    public const string RevocationCommit = "committing in the revocation callback";
    public const string RevocationCloseTasks = "closing revoked tasks";
    public const string ClosingLostTasks = "closing lost tasks";
    public const string ShutdownCommit = "committing before shutdown";
    public const string ClosingConsumer = "closing the consumer (leaving the group)";
    public const string ClosingTasks = "closing tasks";
    public const string ClosingClients = "closing the Kafka clients";
    public const string Stopped = "stopped";
}
