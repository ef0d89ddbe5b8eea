using System.Text;
using Confluent.Kafka;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;
using StreamReco.Testing;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// A known input: click i has event id "e{i}", user "u{i % users}" and event time start + i ms, so every click is identified in
/// features.user by (user, as_of) and each user's events arrive in event-time order on its partition (nothing is late).
/// </summary>
public sealed class ClickSet
{
    private ClickSet(IReadOnlyList<ClickEvent> clicks, int users)
    {
        Clicks = clicks;
        Users = users;
    }

    public IReadOnlyList<ClickEvent> Clicks { get; }

    public int Users { get; }

    /// <summary>Event times an hour back so the validator's future-skew check passes on the real clock.</summary>
    public static ClickSet Create(int count, int users, int items = 50)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var clicks = Enumerable.Range(0, count)
            .Select(i => new ClickEvent("e" + i, "u" + (i % users), "i" + (i * 7 % items), "c" + (i % 5), (Behavior)(i % 6), start + i))
            .ToList();
        return new ClickSet(clicks, users);
    }

    /// <summary>Clicks expected per user among the first <paramref name="count"/> clicks.</summary>
    public Dictionary<string, long> ExpectedTotals(int count) =>
        Clicks.Take(count).GroupBy(c => c.UserId).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    public void Produce(string bootstrapServers, int from, int count)
    {
        using var producer = TestKafka.Producer(bootstrapServers);
        foreach (var click in Clicks.Skip(from).Take(count))
        {
            producer.Produce(TopicNames.Clicks, ToMessage(click));
        }

        producer.Flush(TimeSpan.FromSeconds(20));
    }

    public static Message<byte[], byte[]> ToMessage(ClickEvent click) => new()
    {
        Key = Encoding.UTF8.GetBytes(click.UserId),
        Value = Codecs.ClickEvent.Encode(click),
        Timestamp = new Timestamp(click.EventTime, TimestampType.CreateTime),
    };
}
