using System.Buffers.Text;
using Confluent.Kafka;

namespace StreamReco.Features.Processing;

/// <summary>
/// Headers of <c>features.user</c> / <c>features.item</c> records. With the default emission (on cache flush, see
/// <see cref="FeatureTopologyOptions.EmitEveryUpdate"/>) one record can stand for several updates of its key since the last
/// emission; <see cref="CoalescedUpdates"/> says how many, so consumers that weigh updates (drift) can count them.
/// </summary>
public static class FeatureHeaders
{
    /// <summary>Number of updates (folded clicks) the record stands for, ASCII decimal; absent means 1.</summary>
    public const string CoalescedUpdates = "features.coalesced.updates";

    /// <summary>Headers carrying <paramref name="updates"/>; null for 1, the meaning of an absent header.</summary>
    public static Headers? ForCoalescedUpdates(int updates)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(updates, 1);
        if (updates == 1)
        {
            return null;
        }

        Span<byte> digits = stackalloc byte[11];
        Utf8Formatter.TryFormat(updates, digits, out var written);
        return new Headers { { CoalescedUpdates, digits[..written].ToArray() } };
    }

    /// <summary>The update count of a record: 1 without the header; a malformed or non-positive value is a clear error.</summary>
    public static int CoalescedUpdatesOf(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(CoalescedUpdates, out var bytes))
        {
            return 1;
        }

        if (!Utf8Parser.TryParse(bytes, out int updates, out var consumed) || consumed != bytes.Length || updates < 1)
        {
            throw new FormatException(
                "Header " + CoalescedUpdates + " must be a positive ASCII decimal integer, got '" + System.Text.Encoding.ASCII.GetString(bytes) + "'.");
        }

        return updates;
    }
}
