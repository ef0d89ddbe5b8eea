namespace StreamReco.Kafka;

/// <summary>A background reader of a whole topic (see <see cref="GlobalTopicReader{T}"/>) whose lifecycle a host owns.</summary>
public interface IGlobalTopicReader : IDisposable
{
    string Topic { get; }

    /// <summary>Messages handled so far.</summary>
    long Consumed { get; }

    /// <summary>Starts reading on a background thread; call once.</summary>
    void Start();
}
