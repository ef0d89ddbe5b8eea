using System.Collections.Concurrent;

namespace StreamReco.Observability;

/// <summary>
/// Liveness and readiness of one process. Components register as not ready (e.g. while restoring state)
/// and mark themselves ready; the process is ready only when every registered component is.
/// </summary>
public sealed class HealthState
{
    private readonly ConcurrentDictionary<string, bool> _components = new(StringComparer.Ordinal);
    private volatile string? _fatalError;

    /// <summary>Alive until a fatal error is reported; the host then exits and the orchestrator restarts it.</summary>
    public bool IsLive => _fatalError is null;

    public bool IsReady => IsLive && !_components.IsEmpty && _components.Values.All(ready => ready);

    public string? FatalError => _fatalError;

    public void Register(string component) => _components.TryAdd(component, false);

    public void SetReady(string component, bool ready) => _components[component] = ready;

    public void ReportFatal(string error) => _fatalError ??= error;

    /// <summary>Component names with their readiness, for the health endpoint body.</summary>
    public IReadOnlyDictionary<string, bool> Components => new SortedDictionary<string, bool>(_components, StringComparer.Ordinal);
}
