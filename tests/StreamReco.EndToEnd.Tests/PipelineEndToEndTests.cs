using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamReco.Cli.Hosting;
using StreamReco.Kafka;
using StreamReco.Kafka.Models;
using StreamReco.Producers.Synthetic;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Scoring;
using StreamReco.Testing;

namespace StreamReco.EndToEnd.Tests;

/// <summary>
/// generator -> features -> snapshots -> trainer -> model version -> scoring -> recommendations, all on one embedded broker,
/// wired exactly as `streamreco run` wires them.
/// </summary>
public sealed class PipelineEndToEndTests : IDisposable
{
    private const int Partitions = 2;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    private readonly EmbeddedPipeline _pipeline = new("e2e", Partitions, StreamReco.Cli.Hosting.Logging.Create(LogLevel.Warning));

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task Recommendations_switch_from_fallback_to_trained_model_and_follow_a_newly_published_version()
    {
        var factory = _pipeline.Factory();
        var host = new ServiceHost(NullLogger.Instance);

        // Phase 1: no model yet. The scorer answers every user event with a non-model strategy, never an empty list.
        var processing = host.RunAsync([factory.Features(), factory.Scorer()], _pipeline.Stop.Token);
        await _pipeline.ProduceAsync(Events(seed: 1, count: 3_000, start: DateTimeOffset.UtcNow.AddHours(-3)));
        // The scorer's item catalogue is built from features.item (one record per item per commit); once half the catalogue
        // is there, every user event gets a list.
        await Eventually.UntilAsync(() => DistinctKeys(TopicNames.ItemFeatures) >= 150, "item features of 150 items", StepTimeout);
        await _pipeline.ProduceAsync(Events(seed: 4, count: 1_000, start: DateTimeOffset.UtcNow.AddHours(-2)));
        await Eventually.UntilAsync(() => ReadRecommendations().Count >= 100, "first recommendations", StepTimeout);
        var beforeModel = ReadRecommendations();
        Assert.All(beforeModel, r => Assert.NotEmpty(r.Items));
        Assert.All(beforeModel, r => Assert.Contains(r.ModelVersion, new[] { StrategyNames.PopularityVersion, StrategyNames.HeuristicVersion }));

        // Phase 2: the trainer learns from the snapshots the features processor emitted and publishes a model.
        var training = host.RunAsync([factory.Trainer()], _pipeline.Stop.Token);
        await Eventually.UntilAsync(() => Assembled().Count >= 1, "a model version on models.versions", StepTimeout);
        var first = Assembled()[^1];
        await _pipeline.ProduceAsync(Events(seed: 2, count: 2_000, start: DateTimeOffset.UtcNow.AddMinutes(-30)));
        await Eventually.UntilAsync(
            () => ReadRecommendations().Any(r => r.ModelVersion == first.Version), "recommendations scored by " + first.Version, StepTimeout);

        // Phase 3: a new version published on the topic is hot-swapped in without restarting the scorer.
        const string NextVersion = "e2e-next";
        await PublishAsync(first, NextVersion);
        await _pipeline.ProduceAsync(Events(seed: 3, count: 2_000, start: DateTimeOffset.UtcNow.AddMinutes(-10)));
        await Eventually.UntilAsync(
            () => ReadRecommendations().Any(r => r.ModelVersion == NextVersion), "recommendations scored by the new version", StepTimeout);

        // Downstream consumers get well-formed Avro: every record decodes, is keyed by its user and is non-empty.
        foreach (var record in TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.Recommendations))
        {
            var recommendation = Codecs.Recommendation.Decode(record.Message.Value);
            Assert.Equal(Encoding.UTF8.GetString(record.Message.Key), recommendation.UserId);
            Assert.NotEmpty(recommendation.Items);
            Assert.All(recommendation.Items, i => Assert.False(string.IsNullOrEmpty(i.ItemId)));
        }

        await _pipeline.Stop.CancelAsync();
        Assert.Equal(0, await processing);
        Assert.Equal(0, await training);
    }

    private static IEnumerable<ClickEvent> Events(int seed, int count, DateTimeOffset start) => new SyntheticClickstream(new SyntheticClickstreamOptions
    {
        Users = 150,
        Items = 300,
        Categories = 12,
        Seed = seed,
        MaxEvents = count,
        // Spread over more than the 30 min label horizon, so exposures resolve into labelled snapshots.
        EventsPerSecond = 1,
        StartTime = start,
    });

    private int DistinctKeys(string topic) =>
        TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, topic).Select(r => Convert.ToHexString(r.Message.Key)).Distinct().Count();

    private List<Recommendation> ReadRecommendations() =>
        [.. TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.Recommendations).Select(r => Codecs.Recommendation.Decode(r.Message.Value))];

    private List<AssembledModel> Assembled()
    {
        var assembler = new ModelAssembler();
        var models = new List<AssembledModel>();
        foreach (var record in TestKafka.ReadAll(_pipeline.Broker.BootstrapServers, TopicNames.ModelVersions))
        {
            if (record.Message.Value is { Length: > 0 } value && assembler.Add(Codecs.ModelVersion.Decode(value)) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    private async Task PublishAsync(AssembledModel model, string version)
    {
        var m = model.Manifest;
        var manifest = new ModelManifest(
            m.ModelName, version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), m.Algorithm, m.TrainingWindowStart, m.TrainingWindowEnd,
            m.Hyperparameters, m.Metrics, m.FeatureNames, m.FeatureSchemaFingerprint, m.ReferenceDistributions);
        await _pipeline.PublishModelAsync(manifest, model.ModelBytes);
    }
}
