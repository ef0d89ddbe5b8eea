using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamReco.Kafka;

namespace StreamReco.Cli.Hosting;

/// <summary>
/// Reads topic end offsets and consumer-group lag from the cluster for the live summary of `streamreco run`.
/// It uses only cluster metadata, so it reports what any operator tool would see.
/// </summary>
public sealed class PipelineMonitor : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly IAdminClient _admin;
    private readonly IConsumer<byte[], byte[]> _watermarks;
    private readonly IReadOnlyList<string> _topics;
    private readonly IReadOnlyDictionary<string, string> _groups;
    private readonly Dictionary<string, long> _previousEnds = new(StringComparer.Ordinal);
    private DateTime _previousAt;

    /// <param name="groups">Consumer groups to report lag for, each with the input topic it consumes.</param>
    public PipelineMonitor(string bootstrapServers, IReadOnlyList<string> topics, IReadOnlyDictionary<string, string> groups)
    {
        Kafka.Native.LibRdKafkaLocator.EnsureLoaded();
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        _watermarks = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "streamreco-monitor",
            EnableAutoCommit = false,
        }).Build();
        _topics = topics;
        _groups = groups;
    }

    /// <summary>Total records per topic (sum of partition end offsets).</summary>
    public Dictionary<string, long> TopicEnds()
    {
        var metadata = _admin.GetMetadata(RequestTimeout);
        var ends = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var topic in metadata.Topics.Where(t => _topics.Contains(t.Topic)))
        {
            ends[topic.Topic] = topic.Partitions.Sum(p =>
                _watermarks.QueryWatermarkOffsets(new TopicPartition(topic.Topic, p.PartitionId), RequestTimeout).High.Value);
        }

        return ends;
    }

    /// <summary>
    /// Lag per consumer group on its input topic: end offset minus committed offset, summed over partitions.
    /// A partition the group has not committed yet counts from offset 0, so a stalled start shows as lag.
    /// </summary>
    public async Task<Dictionary<string, long>> GroupLagAsync()
    {
        var lag = new Dictionary<string, long>(StringComparer.Ordinal);
        var metadata = _admin.GetMetadata(RequestTimeout);
        foreach (var (group, topic) in _groups)
        {
            var partitions = metadata.Topics.Where(t => t.Topic == topic)
                .SelectMany(t => t.Partitions.Select(p => new TopicPartition(topic, p.PartitionId))).ToList();
            var offsets = await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).ConfigureAwait(false);
            var committed = offsets.SelectMany(o => o.Partitions).ToDictionary(p => p.TopicPartition, p => Math.Max(0, p.Offset.Value));
            long total = 0;
            foreach (var partition in partitions)
            {
                var end = _watermarks.QueryWatermarkOffsets(partition, RequestTimeout).High.Value;
                total += Math.Max(0, end - committed.GetValueOrDefault(partition));
            }

            lag[group] = total;
        }

        return lag;
    }

    /// <summary>One summary line: input rate, per-topic totals and per-group lag.</summary>
    public async Task<string> SummaryAsync(DateTime now)
    {
        var ends = TopicEnds();
        var line = new StringBuilder();
        var clicks = ends.GetValueOrDefault(TopicNames.Clicks);
        if (_previousAt != default)
        {
            var seconds = Math.Max(0.001, (now - _previousAt).TotalSeconds);
            var rate = (clicks - _previousEnds.GetValueOrDefault(TopicNames.Clicks)) / seconds;
            line.Append(CultureInfo.InvariantCulture, $"in {rate,8:F0} ev/s | ");
        }

        foreach (var topic in _topics.Where(t => ends.GetValueOrDefault(t) > 0))
        {
            line.Append(CultureInfo.InvariantCulture, $"{topic}={ends[topic]} ");
        }

        var lag = await GroupLagAsync().ConfigureAwait(false);
        if (lag.Count > 0)
        {
            line.Append("| lag ");
            foreach (var (group, value) in lag)
            {
                line.Append(CultureInfo.InvariantCulture, $"{group}={value} ");
            }
        }

        _previousEnds.Clear();
        foreach (var (topic, end) in ends)
        {
            _previousEnds[topic] = end;
        }

        _previousAt = now;
        return line.ToString().TrimEnd();
    }

    public void Dispose()
    {
        _watermarks.Close();
        _watermarks.Dispose();
        _admin.Dispose();
    }
}
