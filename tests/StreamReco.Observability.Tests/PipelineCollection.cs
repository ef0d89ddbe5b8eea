namespace StreamReco.Observability.Tests;

/// <summary>Tests that scrape the shared in-process pipeline started once by <see cref="RunningPipeline"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<RunningPipeline>
{
    public const string Name = "pipeline";
}
