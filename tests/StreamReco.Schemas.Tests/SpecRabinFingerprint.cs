namespace StreamReco.Schemas.Tests;

/// <summary>
/// CRC-64-AVRO written from the Avro specification's description ("Schema Fingerprints"), independent of Apache.Avro,
/// to check the library's fingerprint.
/// </summary>
internal static class SpecRabinFingerprint
{
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] Table = BuildTable();

    public static long Compute(ReadOnlySpan<byte> data)
    {
        var fp = Empty;
        foreach (var b in data)
        {
            fp = (fp >> 8) ^ Table[(int)((fp ^ b) & 0xff)];
        }

        return (long)fp;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            var fp = i;
            for (var j = 0; j < 8; j++)
            {
                fp = (fp >> 1) ^ (Empty & (0UL - (fp & 1UL)));
            }

            table[i] = fp;
        }

        return table;
    }
}
