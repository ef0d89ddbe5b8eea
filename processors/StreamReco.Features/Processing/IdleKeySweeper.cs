using Prometheus;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary>
/// Deletes aggregates whose newest event is older than the idle retention, on a stream-time punctuation, so the number of keys
/// stays bounded by the keys active within the retention (each aggregate is already bounded in size by its own expiry).
/// </summary>
internal sealed class IdleKeySweeper<TAggregate>
    where TAggregate : class
{
    private readonly IKeyValueStore<string, TAggregate> _store;
    private readonly Func<TAggregate, long> _lastEventTime;
    private readonly long _retentionMs;
    private readonly Counter.Child _deleted;

    private IdleKeySweeper(IKeyValueStore<string, TAggregate> store, Func<TAggregate, long> lastEventTime, long retentionMs, Counter.Child deleted)
    {
        _store = store;
        _lastEventTime = lastEventTime;
        _retentionMs = retentionMs;
        _deleted = deleted;
    }

    /// <summary>Schedules the sweep every <see cref="FeatureSweepOptions.Interval"/> of stream time; nothing when disabled.</summary>
    public static void Schedule(
        IProcessorContext context,
        IKeyValueStore<string, TAggregate> store,
        Func<TAggregate, long> lastEventTime,
        FeatureSweepOptions? options,
        Counter.Child deleted)
    {
        if (options is null)
        {
            return;
        }

        var sweeper = new IdleKeySweeper<TAggregate>(store, lastEventTime, (long)options.IdleRetention.TotalMilliseconds, deleted);
        context.Schedule(options.Interval, PunctuationType.StreamTime, now => sweeper.Sweep(now));
    }

    /// <summary>Deletes every key whose newest event is before <paramref name="streamTime"/> - retention; returns how many.</summary>
    public int Sweep(long streamTime)
    {
        var cutoff = streamTime - _retentionMs;
        var idle = new List<string>();
        foreach (var (key, aggregate) in _store.All())
        {
            if (_lastEventTime(aggregate) < cutoff)
            {
                idle.Add(key);
            }
        }

        // Deleted after the scan: stores need not support modification while iterating.
        foreach (var key in idle)
        {
            _store.Delete(key);
        }

        _deleted.Inc(idle.Count);
        return idle.Count;
    }
}
