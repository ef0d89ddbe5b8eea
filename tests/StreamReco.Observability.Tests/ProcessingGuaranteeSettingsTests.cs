using Microsoft.Extensions.Configuration;
using StreamReco.Cli.Configuration;

namespace StreamReco.Observability.Tests;

/// <summary>The scorer's guarantee is its own: at-least-once unless asked, whatever the other stream apps run with.</summary>
public sealed class ProcessingGuaranteeSettingsTests
{
    [Theory]
    [InlineData(null, null, true, false)]
    [InlineData("at_least_once", null, false, false)]
    [InlineData(null, "exactly_once", true, true)]
    [InlineData("EXACTLY_ONCE", "At_Least_Once", true, false)]
    public void The_scorer_runs_at_least_once_unless_its_own_setting_asks_for_exactly_once(
        string? pipelineGuarantee, string? scoringGuarantee, bool expectedExactlyOnce, bool expectedScoringExactlyOnce)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Kafka:ProcessingGuarantee"] = pipelineGuarantee,
            ["Scoring:ProcessingGuarantee"] = scoringGuarantee,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var reader = new SettingsReader(configuration);

        var settings = PipelineSettings.Read(configuration, reader, "test");

        reader.ThrowIfInvalid();
        Assert.Equal(expectedExactlyOnce, settings.ExactlyOnce);
        Assert.Equal(expectedScoringExactlyOnce, settings.ScoringExactlyOnce);
    }

    [Fact]
    public void More_than_one_stream_thread_is_refused_while_the_scorer_runs_exactly_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Kafka:ProcessingGuarantee"] = "at_least_once",
            ["Scoring:ProcessingGuarantee"] = "exactly_once",
            ["Kafka:StreamThreads"] = "2",
        }).Build();
        var reader = new SettingsReader(configuration);

        PipelineSettings.Read(configuration, reader, "test");

        var error = Assert.Throws<ConfigurationException>(reader.ThrowIfInvalid);
        Assert.Contains("Kafka:StreamThreads = 2: more than one stream thread is supported with Kafka:ProcessingGuarantee and Scoring:ProcessingGuarantee = at_least_once only", error.Message, StringComparison.Ordinal);
    }
}
