using Avro;

namespace StreamReco.Schemas;

/// <summary>One Avro schema known to this build: a current schema (schemas/*.avsc) or a historical writer version (schemas/history/*.avsc).</summary>
/// <param name="ResourceName">Embedded resource name, e.g. <c>schemas/ClickEvent.avsc</c>.</param>
/// <param name="FullName">Full record name, e.g. <c>streamreco.ClickEvent</c>.</param>
/// <param name="Schema">The schema as declared (logical types included).</param>
/// <param name="Fingerprint">CRC-64-AVRO (Rabin) fingerprint of the Parsing Canonical Form, as written in single-object encoding.</param>
/// <param name="IsCurrent">True for the reader (current) schema of the record, false for a historical writer version.</param>
public sealed record SchemaEntry(string ResourceName, string FullName, RecordSchema Schema, long Fingerprint, bool IsCurrent)
{
    /// <summary>
    /// The same schema with logical-type annotations removed: codecs map timestamps to epoch-millisecond longs, not DateTime.
    /// The wire format and the fingerprint are unchanged (the canonical form drops logicalType).
    /// </summary>
    internal RecordSchema CodecSchema { get; init; } = Schema;
}
