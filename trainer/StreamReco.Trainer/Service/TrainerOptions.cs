using StreamReco.Kafka.Models;
using StreamReco.Trainer.Storage;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer.Service;

/// <summary>Configuration of <see cref="TrainerService"/>.</summary>
public sealed record TrainerOptions
{
    public required string BootstrapServers { get; init; }

    public string GroupId { get; init; } = "streamreco-trainer";

    /// <summary>Logical model name; the key of the final chunk on models.versions.</summary>
    public string ModelName { get; init; } = "ctr";

    public required TrainingSetOptions TrainingSet { get; init; }

    public TrainingPipelineOptions Pipeline { get; init; } = new();

    public ChampionChallengerOptions ChampionChallenger { get; init; } = new();

    /// <summary>Train when this much time passed since the last run (and new rows arrived).</summary>
    public TimeSpan ScheduleInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Train as soon as this many new rows arrived.</summary>
    public int MinNewRows { get; init; } = 10_000;

    public int MaxMessageBytes { get; init; } = ModelChunker.DefaultMaxMessageBytes;

    /// <summary>Largest batch consumed before it is persisted and its offsets committed.</summary>
    public int MaxBatch { get; init; } = 1000;

    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Consumer group session timeout: how long a crashed trainer holds its partitions before a restarted one gets them.
    /// Heartbeats run on librdkafka's own thread, so a long training run does not need a long session.
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long start-up may spend reading models.versions to find the serving champion.</summary>
    public TimeSpan ChampionLoadTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
