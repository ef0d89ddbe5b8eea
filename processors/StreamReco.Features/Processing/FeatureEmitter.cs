using System.Runtime.InteropServices;
using StreamReco.Streams;
using StreamReco.Streams.State;

namespace StreamReco.Features.Processing;

/// <summary>
/// Sends a key's features to the features child: at once for every update, or (the default, when the aggregate store has a
/// record cache) when the cache writes the key below, at a commit or an eviction, once for all the key's updates since its last
/// emission, with their count in <see cref="FeatureHeaders.CoalescedUpdates"/>. The cache flushes before every commit, so a
/// committed offset never covers an update whose features were not sent.
/// </summary>
internal sealed class FeatureEmitter<TAggregate, TFeatures>
    where TAggregate : class
    where TFeatures : class
{
    private readonly Func<TAggregate, TFeatures?> _current;
    private readonly Func<TFeatures, long> _asOf;
    private readonly Action<Record<string, TFeatures>> _forward;

    // Updates per key not yet emitted; null when every update is emitted at once.
    private readonly Dictionary<string, int>? _pendingUpdates;

    private FeatureEmitter(
        Func<TAggregate, TFeatures?> current, Func<TFeatures, long> asOf, Action<Record<string, TFeatures>> forward, bool coalesce)
    {
        _current = current;
        _asOf = asOf;
        _forward = forward;
        _pendingUpdates = coalesce ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
    }

    /// <summary>Call in the processor's Init: coalesces when the store has a record cache and every update is not required.</summary>
    public static FeatureEmitter<TAggregate, TFeatures> Create(
        IProcessorContext context,
        IKeyValueStore<string, TAggregate> store,
        string featuresChild,
        bool emitEveryUpdate,
        Func<TAggregate, TFeatures?> current,
        Func<TFeatures, long> asOf)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        var cached = emitEveryUpdate ? null : store as ICachedKeyValueStore<string, TAggregate>;
        var emitter = new FeatureEmitter<TAggregate, TFeatures>(current, asOf, context.ForwarderTo<string, TFeatures>(featuresChild), cached is not null);
        cached?.SetFlushListener(emitter.OnFlushed);
        return emitter;
    }

    /// <summary>Call after the processor has put the updated aggregate of <paramref name="key"/> into the store.</summary>
    public void Updated(string key, TAggregate aggregate)
    {
        if (_pendingUpdates is null)
        {
            Emit(key, aggregate, 1);
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_pendingUpdates, key, out _)++;
    }

    private void OnFlushed(string key, TAggregate? aggregate)
    {
        // A key written below without a folded click since its last emission has nothing new to say. A deleted key (the idle
        // sweep) keeps its last features on the compacted topic: idle users are the churned segment, not unknown ones.
        if (!_pendingUpdates!.Remove(key, out var updates) || aggregate is null)
        {
            return;
        }

        Emit(key, aggregate, updates);
    }

    private void Emit(string key, TAggregate aggregate, int updates)
    {
        if (_current(aggregate) is { } features)
        {
            _forward(new Record<string, TFeatures>(key, features, _asOf(features), FeatureHeaders.ForCoalescedUpdates(updates)));
        }
    }
}
