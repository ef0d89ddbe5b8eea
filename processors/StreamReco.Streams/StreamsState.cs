namespace StreamReco.Streams;

/// <summary>Lifecycle of a <see cref="StreamsApp"/>, as in Kafka Streams.</summary>
public enum StreamsState
{
    Created,

    /// <summary>Joining the group, or creating and restoring tasks after an assignment.</summary>
    Rebalancing,

    Running,

    /// <summary>Shutting down after Close was called.</summary>
    PendingShutdown,

    /// <summary>Stopped after a fatal error; <see cref="StreamsApp.Completion"/> is faulted.</summary>
    Error,

    /// <summary>Stopped cleanly.</summary>
    NotRunning,
}
