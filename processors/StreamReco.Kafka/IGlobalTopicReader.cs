namespace StreamReco.Kafka;

/// <summary>A background reader of a whole topic (see <see cref="GlobalTopicReader{T}"/>) whose lifecycle a host owns.</summary>
public interface IGlobalTopicReader : IDisposable
{
    string Topic { get; }

    /// <summary>Messages handled so far.</summary>
    long Consumed { get; }

    /// <summary>True once everything on the topic when reading started has been handled.</summary>
    bool CaughtUp { get; }

    /// <summary>Blocks until <see cref="CaughtUp"/> or the timeout; returns whether it caught up.</summary>
    bool WaitUntilCaughtUp(TimeSpan timeout);

    /// <summary>Starts reading on a background thread; call once.</summary>
    void Start();
}
