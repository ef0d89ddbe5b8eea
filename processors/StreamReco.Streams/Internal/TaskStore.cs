using StreamReco.Streams.State;

namespace StreamReco.Streams.Internal;

/// <summary>One store of one task: the raw inner layer (restore writes here, bypassing the changelog) and the typed facade.</summary>
internal sealed class TaskStore(StoreBuilder builder, IKeyValueBytesStore inner, IStateStore typed, string? changelogTopic)
{
    public StoreBuilder Builder { get; } = builder;

    public IKeyValueBytesStore Inner { get; } = inner;

    public IStateStore Typed { get; } = typed;

    /// <summary>Null when logging is disabled.</summary>
    public string? ChangelogTopic { get; } = changelogTopic;

    public string Name => Builder.Name;
}
