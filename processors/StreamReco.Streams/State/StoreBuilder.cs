namespace StreamReco.Streams.State;

/// <summary>Describes a store; each task builds its own instance. Create with <see cref="Stores"/>.</summary>
public abstract class StoreBuilder
{
    private protected StoreBuilder(string name, bool persistent, bool loggingEnabled)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Persistent = persistent;
        LoggingEnabled = loggingEnabled;
    }

    public string Name { get; }

    /// <summary>RocksDB under the state directory when true; sorted in-memory otherwise. The test driver always uses memory.</summary>
    public bool Persistent { get; }

    /// <summary>Whether writes go to the compacted changelog <c>&lt;appId&gt;-&lt;store&gt;-changelog</c>, which restores the store.</summary>
    public bool LoggingEnabled { get; }

    /// <summary>Changelog topic name for an application.</summary>
    public string ChangelogTopic(string applicationId) => $"{applicationId}-{Name}-changelog";

    internal abstract IStateStore Build(IKeyValueBytesStore layered, string applicationId);
}
