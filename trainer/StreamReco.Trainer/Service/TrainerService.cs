using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamReco.Features;
using StreamReco.Kafka;
using StreamReco.Kafka.Native;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Trainer.Publishing;
using StreamReco.Trainer.Storage;
using StreamReco.Trainer.Training;

namespace StreamReco.Trainer.Service;

/// <summary>
/// The trainer process. Consumes training.snapshots into the persistent <see cref="TrainingSetStore"/> and trainer.requests
/// into the <see cref="TrainingTrigger"/>. training.snapshots partitions resume from the store's own checkpointed offsets
/// (<see cref="TrainingSetStore.SourceOffsets"/>), or from the beginning of the retained range when the store has none (first start,
/// lost disk), so a restart neither loses nor double-counts rows (duplicates are dropped by exposure_id). Group offsets are still
/// committed after each fsynced batch, for lag monitoring and for trainer.requests. Trains on schedule, on enough new rows and
/// on requests, runs champion/challenger and publishes winners to models.versions. Training runs on the consuming thread,
/// so max.poll.interval.ms is raised to cover a training run.
/// </summary>
public sealed class TrainerService : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly IMessageCodec<TrainingSnapshot> _snapshotCodec;
    private readonly IMessageCodec<ModelVersion> _modelCodec;
    private readonly ILogger _log;
    private readonly TrainingSetStore _store;
    private readonly TrainingTrigger _trigger;
    private readonly TrainingCoordinator _coordinator;
    private PublishedModel? _published;

    public TrainerService(
        TrainerOptions options,
        IMessageCodec<TrainingSnapshot> snapshotCodec,
        IMessageCodec<ModelVersion> modelCodec,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(snapshotCodec);
        ArgumentNullException.ThrowIfNull(modelCodec);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _snapshotCodec = snapshotCodec;
        _modelCodec = modelCodec;
        _log = loggerFactory.CreateLogger<TrainerService>();
        _store = TrainingSetStore.Open(options.TrainingSet);
        var recovery = _store.Recovery;
        _log.LogInformation(
            "Training set recovered: {Segments} segments, {Records} records, {InWindow} in window, {Corrupt} corrupt segments, {Truncated} bytes truncated",
            recovery.SegmentsRead, recovery.RecordsRead, recovery.RecordsInWindow, recovery.CorruptSegments, recovery.BytesTruncated);
        if (recovery.CorruptSegments > 0)
        {
            _log.LogWarning("Training set had {Corrupt} corrupt segment tails; {Truncated} bytes were dropped", recovery.CorruptSegments, recovery.BytesTruncated);
        }

        TrainerMetrics.TrainingSetRows.Set(_store.Count);
        _trigger = new TrainingTrigger(time, options.ScheduleInterval, options.MinNewRows);
        _coordinator = new TrainingCoordinator(new TrainingPipeline(options.Pipeline), options.ChampionChallenger, time, _log);
    }

    /// <summary>Uses the Avro codecs of <see cref="Codecs"/>.</summary>
    public TrainerService(TrainerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
        : this(options, Codecs.TrainingSnapshot, Codecs.ModelVersion, time, loggerFactory)
    {
    }

    /// <summary>Raised on the service thread after every training run: trigger description and result (null when skipped for lack of data).</summary>
    public event Action<string, TrainingRunResult?>? RunCompleted;

    /// <summary>The serving model as far as this trainer knows (loaded at start, replaced on each publication).</summary>
    public ChampionModel? Champion { get; private set; }

    public TrainingSetStore Store => _store;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LibRdKafkaLocator.EnsureLoaded();
        Champion = ChampionLoader.Load(_options.BootstrapServers, _options.ModelName, _modelCodec, _options.ChampionLoadTimeout, _log);
        if (Champion is not null)
        {
            _published = new PublishedModel(Champion.ModelName, Champion.Version, Champion.ChunkCount);
            _log.LogInformation("Serving champion is version {Version}", Champion.Version);
        }

        using var consumer = new ConsumerBuilder<string, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            MaxPollIntervalMs = 30 * 60 * 1000,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)Math.Max(100, _options.SessionTimeout.TotalMilliseconds / 4),
        })
            .SetPartitionsAssignedHandler((_, partitions) => partitions.Select(ResumePosition))
            .Build();
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig
        {
            BootstrapServers = _options.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageMaxBytes = Math.Max(1_000_000, _options.MaxMessageBytes + 65_536),
        }).Build();
        var publisher = new ModelPublisher(producer, _modelCodec, TopicNames.ModelVersions, _options.MaxMessageBytes);
        consumer.Subscribe([TopicNames.TrainingSnapshots, TopicNames.TrainerRequests]);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = ConsumeBatch(consumer, cancellationToken);
                if (batch.Count > 0)
                {
                    Process(batch);
                    // Offsets are committed only now, after the store fsynced the batch.
                    consumer.Commit(batch.GroupBy(r => r.TopicPartition)
                        .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)));
                }

                await TrainIfDueAsync(publisher, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Decodes and stores one consumed batch; requests are handed to the trigger. Public for the lead's tooling and tests.</summary>
    public void Process(IReadOnlyList<ConsumeResult<string, byte[]?>> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var snapshots = new List<TrainingSnapshot>(batch.Count);
        foreach (var record in batch)
        {
            if (record.Topic == TopicNames.TrainerRequests)
            {
                var request = TrainingRequest.Decode(record.Message.Value);
                _log.LogInformation("Retraining requested: {Reason}", request.Reason);
                _trigger.Request(request.Reason);
                continue;
            }

            if (TryDecode(record, out var snapshot))
            {
                snapshots.Add(snapshot);
            }
        }

        // Every consumed snapshot record counts as read, rejected ones included (they are counted and logged above).
        var nextOffsets = batch.Where(r => r.Topic == TopicNames.TrainingSnapshots)
            .GroupBy(r => r.Partition.Value)
            .ToDictionary(g => g.Key, g => g.Max(r => r.Offset.Value) + 1);
        var result = _store.Append(snapshots, nextOffsets);
        TrainerMetrics.SnapshotsAdded.Inc(result.Added);
        TrainerMetrics.SnapshotsDuplicate.Inc(result.Duplicates);
        TrainerMetrics.TrainingSetRows.Set(_store.Count);
        _trigger.RecordNewRows(result.Added);
    }

    /// <summary>Trains now on the current window and publishes if the challenger wins. Returns null when the data is insufficient.</summary>
    public async Task<TrainingRunResult?> TrainAndPublishAsync(ModelPublisher publisher, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        _log.LogInformation("Training on {Rows} rows, reason {Reason}", _store.Count, reason);
        TrainingRunResult run;
        try
        {
            run = _coordinator.Run(_options.ModelName, _store.Snapshot(), Champion);
        }
        catch (InsufficientTrainingDataException e)
        {
            _log.LogWarning("Training skipped: {Problem}", e.Message);
            return null;
        }

        if (run.Verdict.Publish)
        {
            _published = await publisher.PublishAsync(run.Manifest, run.ModelBytes, _published, cancellationToken).ConfigureAwait(false);
            var selected = run.Outcome.Selected;
            Champion = new ChampionModel(
                _options.ModelName, run.Manifest.Version, _published.ChunkCount, FeatureVector.SchemaFingerprint, run.ModelBytes,
                selected.Test.AtThreshold.Threshold, selected.Calibrator);
            TrainerMetrics.ModelVersion.Set(double.Parse(run.Manifest.Version, CultureInfo.InvariantCulture));
            TrainerMetrics.ModelAuc.Set(selected.Test.Auc);
            _log.LogInformation("Published model {Model} version {Version} in {Chunks} chunks", _options.ModelName, run.Manifest.Version, _published.ChunkCount);
        }

        return run;
    }

    public void Dispose() => _store.Dispose();

    private async Task TrainIfDueAsync(ModelPublisher publisher, CancellationToken cancellationToken)
    {
        var due = _trigger.Due(out var detail);
        if (due == TrainingTriggerReason.None)
        {
            return;
        }

        TrainerMetrics.Run(due).Inc();
        _trigger.MarkRun();
        var reason = due + ": " + detail;
        TrainingRunResult? result = null;
        try
        {
            result = await TrainAndPublishAsync(publisher, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed run (trainer error, broker unavailable while publishing) keeps the champion and the consumer alive.
            _log.LogError(e, "Training run failed ({Reason}); the serving model is unchanged", reason);
        }

        RunCompleted?.Invoke(reason, result);
    }

    private TopicPartitionOffset ResumePosition(TopicPartition partition)
    {
        if (partition.Topic != TopicNames.TrainingSnapshots)
        {
            return new TopicPartitionOffset(partition, Offset.Unset);
        }

        if (_store.SourceOffsets.TryGetValue(partition.Partition.Value, out var next))
        {
            return new TopicPartitionOffset(partition, next);
        }

        // First start, or the store's disk was lost: rebuild from what the topic still retains (the window trims it).
        _log.LogInformation(
            "Training set has no position for {Topic} [{Partition}]; reading it from the start of the retained range",
            partition.Topic, partition.Partition.Value);
        return new TopicPartitionOffset(partition, Offset.Beginning);
    }

    private List<ConsumeResult<string, byte[]?>> ConsumeBatch(IConsumer<string, byte[]?> consumer, CancellationToken cancellationToken)
    {
        var batch = new List<ConsumeResult<string, byte[]?>>();
        var first = consumer.Consume(_options.PollTimeout);
        while (first is not null && !first.IsPartitionEOF)
        {
            batch.Add(first);
            if (batch.Count >= _options.MaxBatch || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            first = consumer.Consume(TimeSpan.Zero);
        }

        return batch;
    }

    private bool TryDecode(ConsumeResult<string, byte[]?> record, out TrainingSnapshot snapshot)
    {
        snapshot = null!;
        try
        {
            snapshot = _snapshotCodec.Decode(record.Message.Value ?? []);
        }
        catch (MessageDecodeException e)
        {
            TrainerMetrics.SnapshotsRejected.Inc();
            _log.LogWarning(e, "Rejected undecodable snapshot at {Partition}@{Offset}: {Failure}", record.Partition.Value, record.Offset.Value, e.Failure);
            return false;
        }

        if (snapshot.FeatureSchemaFingerprint != FeatureVector.SchemaFingerprint)
        {
            TrainerMetrics.SnapshotsRejected.Inc();
            _log.LogWarning(
                "Rejected snapshot {ExposureId} with feature fingerprint {Fingerprint}, expected {Expected}",
                snapshot.ExposureId, snapshot.FeatureSchemaFingerprint, FeatureVector.SchemaFingerprint);
            return false;
        }

        return true;
    }
}
