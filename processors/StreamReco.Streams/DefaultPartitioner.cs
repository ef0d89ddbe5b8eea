namespace StreamReco.Streams;

/// <summary>
/// The partition of a keyed record as Kafka's default partitioner chooses it (and librdkafka's <c>murmur2</c> and
/// <c>murmur2_random</c>): the positive part of the 32-bit Murmur2 hash of the serialized key, modulo the partition count.
/// The runtime partitions records to repartition topics itself, so it knows each record's partition before the broker
/// acknowledges it (repartition backpressure); records to other topics are partitioned by the producer, the same way.
/// </summary>
public static class DefaultPartitioner
{
    private const uint Seed = 0x9747b28c;
    private const uint Multiplier = 0x5bd1e995;
    private const int Shift = 24;

    public static int Partition(ReadOnlySpan<byte> key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return (int)((uint)Murmur2(key) & 0x7fffffff) % partitionCount;
    }

    /// <summary>Murmur2 as Kafka's clients compute it (seed 0x9747b28c; the tail is mixed in little-endian order).</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        var length = data.Length;
        var h = Seed ^ (uint)length;
        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | (data[(i * 4) + 1] << 8) | (data[(i * 4) + 2] << 16) | (data[(i * 4) + 3] << 24));
            k *= Multiplier;
            k ^= k >> Shift;
            k *= Multiplier;
            h *= Multiplier;
            h ^= k;
        }

        var tail = blocks * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= Multiplier;
                break;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                h ^= data[tail];
                h *= Multiplier;
                break;
            case 1:
                h ^= data[tail];
                h *= Multiplier;
                break;
        }

        h ^= h >> 13;
        h *= Multiplier;
        h ^= h >> 15;
        return (int)h;
    }
}
