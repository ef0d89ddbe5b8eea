using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using StreamReco.Kafka.Native;
using StreamReco.Producers.Replay;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Producers;

/// <summary>
/// Sends <see cref="ClickEvent"/>s to Kafka: key = user_id (so a user's events stay ordered in one partition),
/// value = <see cref="Codecs.ClickEvent"/> bytes. Idempotent, acks=all, lz4, ~5 ms linger. Every delivery is counted;
/// failures are kept (first 100), passed to the failure callback (on the client's delivery thread) and, by default,
/// thrown from <see cref="ProduceAllAsync"/>. Dispose flushes outstanding events first.
/// </summary>
public sealed class ClickEventProducer : IDisposable
{
    private const int MaxFailuresKept = 100;
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(50);

    private readonly IProducer<string, byte[]> _producer;
    private readonly ClickEventProducerOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<DeliveryFailure>? _onDeliveryFailure;
    private readonly ConcurrentQueue<DeliveryFailure> _failures = new();
    private readonly long _startTimestamp;
    private long _sent;
    private long _delivered;
    private long _failed;
    private volatile Error? _fatalError;
    private bool _disposed;

    /// <summary>Creates the Kafka producer from <paramref name="options"/>.</summary>
    public ClickEventProducer(ClickEventProducerOptions options, TimeProvider? time = null, Action<DeliveryFailure>? onDeliveryFailure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        LibRdKafkaLocator.EnsureLoaded();
        _options = options;
        _time = time ?? TimeProvider.System;
        _onDeliveryFailure = onDeliveryFailure;
        _producer = new ProducerBuilder<string, byte[]>(BuildConfig(options))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    _fatalError = error;
                }
            })
            .Build();
        _startTimestamp = _time.GetTimestamp();
    }

    /// <summary>Wraps an existing producer (ownership passes to this instance).</summary>
    public ClickEventProducer(
        IProducer<string, byte[]> producer, ClickEventProducerOptions options, TimeProvider? time = null, Action<DeliveryFailure>? onDeliveryFailure = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(options);
        _producer = producer;
        _options = options;
        _time = time ?? TimeProvider.System;
        _onDeliveryFailure = onDeliveryFailure;
        _startTimestamp = _time.GetTimestamp();
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events sent but not yet acknowledged or failed.</summary>
    public long InFlight => Sent - Delivered - Failed;

    /// <summary>The first delivery failures (at most 100).</summary>
    public IReadOnlyList<DeliveryFailure> Failures => _failures.ToArray();

    public ProduceProgress Progress => new(Sent, Delivered, Failed, _time.GetElapsedTime(_startTimestamp));

    /// <summary>The librdkafka settings this producer uses.</summary>
    public static ProducerConfig BuildConfig(ClickEventProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BootstrapServers);
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            LingerMs = options.LingerMs,
            // Same key hash as Java clients and the stream runtime's sinks, so events.clicks is co-partitioned with
            // the topics the processors key by user.
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
        };
        config.Set("compression.type", options.Compression);
        foreach (var (key, value) in options.ExtraConfig ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }

        // Reliability is not negotiable: set last so ExtraConfig cannot weaken it.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    /// <summary>Hands one event to the client (asynchronous delivery). Waits while the client's local queue is full.</summary>
    /// <exception cref="ClickEventDeliveryException">The client rejected the event at once (counted and reported as a failure).</exception>
    /// <exception cref="KafkaException">The producer hit a fatal error earlier.</exception>
    public void Produce(ClickEvent clickEvent)
    {
        if (!TryProduce(clickEvent, out var rejection))
        {
            throw new ClickEventDeliveryException(
                "Kafka rejected click event " + clickEvent.EventId + ": " + rejection.Error.Reason, Failed, Failures, rejection);
        }
    }

    /// <summary>
    /// Produces every event, optionally paced by event time, reporting progress at most every
    /// <see cref="ClickEventProducerOptions.ProgressInterval"/> and once at the end; then flushes.
    /// </summary>
    /// <exception cref="ClickEventDeliveryException">
    /// A delivery failed and <see cref="ClickEventProducerOptions.ThrowOnDeliveryFailure"/> is set: thrown as soon as the failure
    /// is reported (events still in flight are settled by <see cref="Flush"/> or Dispose), or after the final flush.
    /// </exception>
    public async Task<ProduceProgress> ProduceAllAsync(
        IEnumerable<ClickEvent> events, ReplayPacer? pacer = null, Action<ProduceProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var lastReport = _time.GetTimestamp();
        foreach (var clickEvent in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pacer is { IsPaced: true })
            {
                await pacer.WaitUntilDueAsync(clickEvent.EventTime, cancellationToken).ConfigureAwait(false);
            }

            _ = TryProduce(clickEvent, out _);
            if (_options.ThrowOnDeliveryFailure && Interlocked.Read(ref _failed) > 0)
            {
                // Fail fast: an endless stream would otherwise never reach the check after the loop.
                ThrowIfDeliveryFailed();
            }

            if (onProgress is not null && _time.GetElapsedTime(lastReport) >= _options.ProgressInterval)
            {
                lastReport = _time.GetTimestamp();
                onProgress(Progress);
            }
        }

        Flush();
        var progress = Progress;
        onProgress?.Invoke(progress);
        if (_options.ThrowOnDeliveryFailure)
        {
            ThrowIfDeliveryFailed();
        }

        return progress;
    }

    /// <summary>Waits for all outstanding deliveries.</summary>
    /// <exception cref="TimeoutException">Events are still undelivered after <see cref="ClickEventProducerOptions.FlushTimeout"/>.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var remaining = _producer.Flush(_options.FlushTimeout);
        if (remaining > 0)
        {
            throw new TimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{remaining} events still undelivered after {_options.FlushTimeout}."));
        }
    }

    public void ThrowIfDeliveryFailed()
    {
        var failed = Failed;
        if (failed > 0)
        {
            var failures = Failures;
            throw new ClickEventDeliveryException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{failed} of {Sent} click events were not delivered to {_options.Topic}; first: {failures.FirstOrDefault()?.Reason}"),
                failed,
                failures);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            var remaining = _producer.Flush(_options.FlushTimeout);
            if (remaining > 0)
            {
                Interlocked.Add(ref _failed, remaining);
                RecordFailure(new DeliveryFailure(
                    "*", "", ErrorCode.Local_TimedOut,
                    string.Create(CultureInfo.InvariantCulture, $"{remaining} events undelivered when the producer was disposed"), IsFatal: false));
            }
        }
        finally
        {
            _producer.Dispose();
        }
    }

    /// <summary>False when the client rejected the event synchronously; that counts as sent and failed, and is reported.</summary>
    private bool TryProduce(ClickEvent clickEvent, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProduceException<string, byte[]>? rejection)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fatalError is { } fatal)
        {
            throw new KafkaException(fatal);
        }

        var message = new Message<string, byte[]> { Key = clickEvent.UserId, Value = Codecs.ClickEvent.Encode(clickEvent) };
        var eventId = clickEvent.EventId;
        while (true)
        {
            try
            {
                _producer.Produce(_options.Topic, message, report => OnDelivery(report, eventId));
                Interlocked.Increment(ref _sent);
                rejection = null;
                return true;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: let deliveries drain, then retry the same event.
                _producer.Poll(QueueFullBackoff);
            }
            catch (ProduceException<string, byte[]> ex)
            {
                Interlocked.Increment(ref _sent);
                Interlocked.Increment(ref _failed);
                RecordFailure(new DeliveryFailure(eventId, clickEvent.UserId, ex.Error.Code, ex.Error.Reason, ex.Error.IsFatal));
                rejection = ex;
                return false;
            }
        }
    }

    private void OnDelivery(DeliveryReport<string, byte[]> report, string eventId)
    {
        if (!report.Error.IsError)
        {
            Interlocked.Increment(ref _delivered);
            return;
        }

        Interlocked.Increment(ref _failed);
        RecordFailure(new DeliveryFailure(eventId, report.Message.Key, report.Error.Code, report.Error.Reason, report.Error.IsFatal));
    }

    private void RecordFailure(DeliveryFailure failure)
    {
        if (_failures.Count < MaxFailuresKept)
        {
            _failures.Enqueue(failure);
        }

        _onDeliveryFailure?.Invoke(failure);
    }
}
