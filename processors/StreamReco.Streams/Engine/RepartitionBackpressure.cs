using System.Globalization;
using Confluent.Kafka;
using Prometheus;

namespace StreamReco.Streams.Engine;

/// <summary>
/// Flow control between the sub-topologies of one stream thread: when a repartition partition the thread reads lags more
/// than <see cref="StreamsConfig.MaxRepartitionLag"/> records behind its end, the thread's other source partitions are paused
/// until the largest lag is back to half the limit. The lag is <see cref="PartitionState.LagFromCachedWatermark"/>, so
/// checking costs no request.
/// </summary>
internal sealed class RepartitionBackpressure
{
    private readonly long _maxLag;
    private readonly List<PartitionState> _repartition = [];
    private readonly List<TopicPartition> _upstream = [];
    private readonly Counter.Child _pauses;
    private readonly Gauge.Child _paused;

    public RepartitionBackpressure(long maxLag, string applicationId, int threadIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLag);
        _maxLag = maxLag;
        var thread = threadIndex.ToString(CultureInfo.InvariantCulture);
        _pauses = StreamsMetrics.UpstreamPauses.WithLabels(applicationId, thread);
        _paused = StreamsMetrics.UpstreamPaused.WithLabels(applicationId, thread);
    }

    public bool Paused { get; private set; }

    /// <summary>Largest lag seen at the last check.</summary>
    public long LargestLag { get; private set; }

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

    /// <summary>Pauses or resumes the upstream partitions; returns true when the state changed.</summary>
    public bool Check(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_maxLag == 0 || _repartition.Count == 0 || _upstream.Count == 0)
        {
            return false;
        }

        long largest = 0;
        foreach (var state in _repartition)
        {
            largest = Math.Max(largest, state.LagFromCachedWatermark(consumer) ?? 0);
        }

        LargestLag = largest;
        if (!Paused && largest > _maxLag)
        {
            consumer.Pause(_upstream);
            Paused = true;
            _pauses.Inc();
            _paused.Set(1);
            return true;
        }

        if (Paused && largest <= _maxLag / 2)
        {
            consumer.Resume(_upstream);
            Paused = false;
            _paused.Set(0);
            return true;
        }

        return false;
    }
}
