namespace StreamReco.Kafka.Models;

/// <summary>A model version was rejected while reassembling its chunks.</summary>
public sealed class ModelAssemblyException : Exception
{
    public ModelAssemblyException(ModelAssemblyFailure failure, string modelName, string version, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        ModelName = modelName;
        Version = version;
    }

    public ModelAssemblyFailure Failure { get; }

    public string ModelName { get; }

    public string Version { get; }
}
