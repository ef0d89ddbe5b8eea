using System.Text;
using StreamReco.Kafka;
using StreamReco.Schemas;
using StreamReco.Testing;

namespace StreamReco.Reliability.Tests;

/// <summary>
/// features.user read with read_committed and checked by content: each input click should appear as one record
/// (user, as_of = event time); the newest record per user carries the user's 7-day count.
/// </summary>
public sealed record OutputAudit(
    int Expected, int Missing, int Duplicates, int Unexpected, IReadOnlyDictionary<string, long> FinalTotals, IReadOnlyDictionary<string, long> DuplicatesByUser)
{
    public static OutputAudit Read(string bootstrapServers, ClickSet input, int count)
    {
        var records = TestKafka.ReadAll(bootstrapServers, TopicNames.UserFeatures)
            .Select(r => Codecs.UserFeatures.Decode(r.Message.Value))
            .ToList();
        var seen = records.GroupBy(f => (f.UserId, f.AsOf)).ToDictionary(g => g.Key, g => g.Count());
        var expected = input.Clicks.Take(count).Select(c => (c.UserId, AsOf: c.EventTime)).ToHashSet();
        var totals = records.GroupBy(f => f.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.AsOf)!.Counts7d.Total, StringComparer.Ordinal);
        var duplicatesByUser = seen.Where(kv => expected.Contains(kv.Key) && kv.Value > 1)
            .GroupBy(kv => kv.Key.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Sum(kv => kv.Value - 1), StringComparer.Ordinal);
        return new OutputAudit(
            expected.Count,
            expected.Count(e => !seen.ContainsKey(e)),
            seen.Where(kv => expected.Contains(kv.Key)).Sum(kv => kv.Value - 1),
            seen.Keys.Count(k => !expected.Contains(k)),
            totals,
            duplicatesByUser);
    }

    /// <summary>
    /// What holds on the mock broker whatever happened: no click is missing from a user's state, and any over-count is matched by
    /// duplicate output records of that user (a replayed click is folded and emitted again; a visible aborted record is only
    /// emitted again). So state and output agree, and no replay is silent.
    /// </summary>
    public void AssertStateAccountsForEveryClick(IReadOnlyDictionary<string, long> expectedTotals)
    {
        foreach (var (user, expected) in expectedTotals)
        {
            var final = FinalTotals[user];
            var duplicates = DuplicatesByUser.GetValueOrDefault(user);
            Assert.True(final >= expected && final <= expected + duplicates, user + ": state counts " + final + " clicks for " + expected + " with " + duplicates + " duplicate outputs");
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("expected=").Append(Expected).Append(" missing=").Append(Missing)
            .Append(" duplicates=").Append(Duplicates).Append(" unexpected=").Append(Unexpected);
        return text.ToString();
    }
}
