namespace StreamReco.Scoring.Models;

/// <summary>A model version was refused because this build cannot serve it (wrong features, schema or corrupt bytes).</summary>
public sealed class ModelRejectedException : Exception
{
    public ModelRejectedException(string modelName, string version, string reason, Exception? innerException = null)
        : base("Model " + modelName + " version " + version + " rejected: " + reason, innerException)
    {
        ModelName = modelName;
        Version = version;
        Reason = reason;
    }

    public string ModelName { get; }

    public string Version { get; }

    public string Reason { get; }
}
