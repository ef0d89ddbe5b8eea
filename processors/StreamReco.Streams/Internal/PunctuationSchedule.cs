namespace StreamReco.Streams.Internal;

/// <summary>One scheduled punctuation, with Kafka Streams' catch-up rule: after missed intervals fire once and realign.</summary>
internal sealed class PunctuationSchedule(ProcessorNode node, long intervalMs, PunctuationType type, Action<long> punctuator, long firstDueMs)
    : ICancellable
{
    private long _baseMs = firstDueMs;

    public ProcessorNode Node { get; } = node;

    public PunctuationType Type { get; } = type;

    public Action<long> Punctuator { get; } = punctuator;

    public long NextDueMs { get; private set; } = firstDueMs;

    public bool Cancelled { get; private set; }

    public void Cancel() => Cancelled = true;

    /// <summary>Moves the due time past <paramref name="nowMs"/>, skipping intervals that were missed entirely.</summary>
    public void Advance(long nowMs)
    {
        var next = _baseMs + intervalMs;
        if (nowMs >= next)
        {
            var missed = (nowMs - _baseMs) / intervalMs;
            next = _baseMs + ((missed + 1) * intervalMs);
        }

        _baseMs = next;
        NextDueMs = next;
    }
}
