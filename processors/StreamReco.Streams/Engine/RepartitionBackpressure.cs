using System.Globalization;
using Confluent.Kafka;
using Prometheus;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Flow control between the sub-topologies of one stream thread: when a repartition partition the thread reads lags more than
/// <see cref="StreamsConfig.MaxRepartitionLag"/> records or <see cref="StreamsConfig.MaxRepartitionLagBytes"/> bytes behind
/// its end, the thread's other source partitions are paused until every lag is back to half its limit.
/// The end is the larger of the consumer's cached high watermark and the end this instance's producers were acknowledged
/// (<see cref="RepartitionWrites"/>), plus the records the instance has in flight to the partition: the watermark alone goes
/// stale while the consumer's pre-fetch queue is full, which is exactly when the backlog grows, and under load
/// acknowledgements trail the sends. Bytes are the record lag times the mean size of the records sent to the topic.
/// Checking makes no request.
/// </summary>
internal sealed class RepartitionBackpressure
{
    private const int CheckEveryRecords = 256;

    private readonly long _maxLag;
    private readonly long _maxLagBytes;
    private readonly RepartitionWrites _writes;
    private readonly List<PartitionState> _repartition = [];
    private readonly List<TopicPartition> _upstream = [];
    private readonly Counter.Child _pauses;
    private readonly Gauge.Child _paused;
    private int _recordsSinceCheck;
    private long _bytesSentAtCheck;

    public RepartitionBackpressure(long maxLag, long maxLagBytes, RepartitionWrites writes, string applicationId, int threadIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLagBytes);
        _maxLag = maxLag;
        _maxLagBytes = maxLagBytes;
        _writes = writes;
        var thread = threadIndex.ToString(CultureInfo.InvariantCulture);
        _pauses = StreamsMetrics.UpstreamPauses.WithLabels(applicationId, thread);
        _paused = StreamsMetrics.UpstreamPaused.WithLabels(applicationId, thread);
    }

    public bool Paused { get; private set; }

    /// <summary>Largest record lag seen at the last check.</summary>
    public long LargestLag { get; private set; }

    /// <summary>Largest lag in bytes (estimated) seen at the last check.</summary>
    public long LargestLagBytes { get; private set; }

    private bool Enabled => (_maxLag > 0 || _maxLagBytes > 0) && _repartition.Count > 0 && _upstream.Count > 0;

    public void Track(PartitionState state, bool isRepartition)
    {
        if (isRepartition)
        {
            _repartition.Add(state);
        }
        else
        {
            _upstream.Add(state.TopicPartition);
        }
    }

    public void Untrack(TopicPartition partition)
    {
        _repartition.RemoveAll(s => s.TopicPartition == partition);
        _upstream.Remove(partition);
    }

    /// <summary>After an assignment change: newly assigned upstream partitions start unpaused, so pause them too if paused.</summary>
    public void Reapply(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (Paused && _upstream.Count > 0)
        {
            consumer.Pause(_upstream);
        }
    }

    /// <summary>
    /// Called per processed record: true every <see cref="CheckEveryRecords"/> records, or sooner once the instance has sent a
    /// quarter of the byte limit to repartition topics since the last check (large records fill the broker faster).
    /// </summary>
    public bool CheckDue()
    {
        if (!Enabled)
        {
            return false;
        }

        return ++_recordsSinceCheck >= CheckEveryRecords
            || (_maxLagBytes > 0 && _writes.BytesSent - _bytesSentAtCheck >= _maxLagBytes / 4);
    }

    /// <summary>Pauses or resumes the upstream partitions; returns true when the state changed.</summary>
    public bool Check(IConsumer<byte[]?, byte[]?> consumer)
    {
        _recordsSinceCheck = 0;
        _bytesSentAtCheck = _writes.BytesSent;
        if (!Enabled)
        {
            return false;
        }

        long largest = 0;
        long largestBytes = 0;
        foreach (var state in _repartition)
        {
            var topic = state.TopicPartition.Topic;
            var partition = state.TopicPartition.Partition.Value;
            var lag = state.LagBehind(consumer, _writes.DeliveredEnd(topic, partition), _writes.InFlight(topic, partition)) ?? 0;
            largest = Math.Max(largest, lag);
            largestBytes = Math.Max(largestBytes, (long)(lag * _writes.MeanRecordBytes(topic)));
        }

        LargestLag = largest;
        LargestLagBytes = largestBytes;
        if (!Paused && (Over(largest, _maxLag) || Over(largestBytes, _maxLagBytes)))
        {
            consumer.Pause(_upstream);
            Paused = true;
            _pauses.Inc();
            _paused.Set(1);
            return true;
        }

        if (Paused && !Over(largest, _maxLag / 2) && !Over(largestBytes, _maxLagBytes / 2))
        {
            consumer.Resume(_upstream);
            Paused = false;
            _paused.Set(0);
            return true;
        }

        return false;
    }

    private static bool Over(long value, long limit) => limit > 0 && value > limit;
}
