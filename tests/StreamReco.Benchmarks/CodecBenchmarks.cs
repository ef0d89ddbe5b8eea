using BenchmarkDotNet.Attributes;
using StreamReco.Schemas;
using StreamReco.Schemas.Contracts;

namespace StreamReco.Benchmarks;

/// <summary>
/// Per-message cost of the Avro codecs: the hand-written ClickEvent hot path, the same event through Apache.Avro's
/// generic path (the fallback for older writers), and UserFeatures (generic path with nested records and an array).
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const int BatchSize = 1024;

    private ClickEvent[] _events = [];
    private byte[][] _encodedEvents = [];
    private UserFeatures _userFeatures = null!;
    private byte[] _encodedUserFeatures = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var behaviors = Enum.GetValues<Behavior>();
        _events = new ClickEvent[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            _events[i] = new ClickEvent(
                $"evt-{i:D8}",
                $"user-{random.Next(100_000)}",
                $"item-{random.Next(1_000_000)}",
                $"cat-{random.Next(5_000)}",
                behaviors[random.Next(behaviors.Length)],
                1_750_000_000_000 + (i * 37L),
                random.Next(4) == 0 ? null : $"sess-{random.Next(1_000_000)}");
        }

        _encodedEvents = _events.Select(Codecs.ClickEvent.Encode).ToArray();
        _userFeatures = new UserFeatures(
            "user-42",
            1_750_000_000_000,
            new BehaviorCounts(12, 5, 2, 1, 0, 1),
            new BehaviorCounts(120, 40, 9, 4, 1, 3),
            new BehaviorCounts(900, 300, 60, 20, 5, 12),
            [new CategoryShare("cat-1", 0.5), new CategoryShare("cat-2", 0.3), new CategoryShare("cat-3", 0.2)],
            1_749_999_990_000,
            42.5,
            7,
            5,
            4,
            3,
            UserSegment.Active);
        _encodedUserFeatures = Codecs.UserFeatures.Encode(_userFeatures);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ClickEventEncode()
    {
        var total = 0;
        foreach (var clickEvent in _events)
        {
            total += Codecs.ClickEvent.Encode(clickEvent).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public long ClickEventDecode()
    {
        long total = 0;
        foreach (var bytes in _encodedEvents)
        {
            total += Codecs.ClickEvent.Decode(bytes).EventTime;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int ClickEventEncodeGenericPath()
    {
        var total = 0;
        foreach (var clickEvent in _events)
        {
            total += Codecs.ClickEvent.Generic.Encode(clickEvent).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public long ClickEventDecodeGenericPath()
    {
        long total = 0;
        foreach (var bytes in _encodedEvents)
        {
            total += Codecs.ClickEvent.Generic.Decode(bytes).EventTime;
        }

        return total;
    }

    [Benchmark]
    public byte[] UserFeaturesEncode() => Codecs.UserFeatures.Encode(_userFeatures);

    [Benchmark]
    public UserFeatures UserFeaturesDecode() => Codecs.UserFeatures.Decode(_encodedUserFeatures);
}
