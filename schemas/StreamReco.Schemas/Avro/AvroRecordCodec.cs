using System.Buffers;
using System.Collections.Concurrent;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace StreamReco.Schemas.Avro;

/// <summary>
/// Single-object Avro codec built on Apache.Avro's generic writer and resolving reader. Thread-safe: the writer and the
/// per-writer-schema readers are pre-resolved once and shared (Apache.Avro documents them as shareable across threads).
/// </summary>
/// <remarks>
/// A hot-path type overrides <see cref="MaxBodySize"/>, <see cref="WriteBody"/> and <see cref="ReadBody"/> with hand-written
/// Avro binary for the current schema (an order of magnitude cheaper than GenericRecord); messages from other writer schemas
/// still go through the resolving reader, and tests hold the hand-written path byte-for-byte to the generic one.
/// </remarks>
internal abstract class AvroRecordCodec<T> : IMessageCodec<T>
{
    private readonly SchemaCatalog _catalog;
    private readonly GenericDatumWriter<GenericRecord> _writer;
    private readonly ConcurrentDictionary<long, Lazy<DatumReader<GenericRecord>>> _readers = new();

    protected AvroRecordCodec(SchemaCatalog catalog, string fullName)
    {
        _catalog = catalog;
        Current = catalog.Current(fullName);
        _writer = new GenericDatumWriter<GenericRecord>(Current.CodecSchema);
    }

    public SchemaEntry Current { get; }

    public long Fingerprint => Current.Fingerprint;

    protected RecordSchema Schema => Current.CodecSchema;

    protected string TypeName => Current.FullName;

    public byte[] Encode(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var maxBody = MaxBodySize(value);
        return maxBody < 0 ? EncodeGeneric(value) : EncodeHandWritten(value, maxBody);
    }

    /// <summary>Apache.Avro's generic writer: the reference for the hand-written path.</summary>
    internal byte[] EncodeGeneric(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var record = ToRecord(value);
        using var stream = new MemoryStream(256);
        Span<byte> header = stackalloc byte[SingleObjectHeader.Length];
        SingleObjectHeader.Write(header, Fingerprint);
        stream.Write(header);
        var encoder = new BinaryEncoder(stream);
        _writer.Write(record, encoder);
        encoder.Flush();
        return stream.ToArray();
    }

    public T Decode(ReadOnlySpan<byte> bytes)
    {
        var fingerprint = SingleObjectHeader.Read(bytes, TypeName);
        return DecodeBody(fingerprint, bytes[SingleObjectHeader.Length..]);
    }

    /// <summary>Decodes an Avro body written with the schema of <paramref name="writerFingerprint"/>, resolving it to the current schema.</summary>
    public T DecodeBody(long writerFingerprint, ReadOnlySpan<byte> body)
    {
        if (writerFingerprint == Fingerprint && HasHandWrittenReader)
        {
            var bodyReader = new AvroBodyReader(body);
            var value = ReadBody(ref bodyReader);
            bodyReader.EnsureEnd();
            return value;
        }

        return DecodeBodyGeneric(writerFingerprint, body);
    }

    /// <summary>Apache.Avro's resolving reader: the reference for the hand-written path.</summary>
    internal T DecodeBodyGeneric(long writerFingerprint, ReadOnlySpan<byte> body)
    {
        var reader = ReaderFor(writerFingerprint);
        GenericRecord record;
        try
        {
            var decoder = new BoundedBinaryDecoder(body.ToArray());
            record = reader.Read(null!, decoder);
            decoder.EnsureEnd();
        }
        catch (MessageDecodeException)
        {
            throw;
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw new MessageDecodeException(DecodeFailure.CorruptBody, $"Corrupt {TypeName} body: {ex.Message}", ex);
        }

        try
        {
            return FromRecord(record);
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw new MessageDecodeException(DecodeFailure.InvalidValue, $"{TypeName} value does not fit the contract: {ex.Message}", ex);
        }
    }

    protected abstract GenericRecord ToRecord(T value);

    /// <summary>Upper bound of the hand-written body of <paramref name="value"/>, or -1 when the type has no hand-written writer.</summary>
    protected virtual int MaxBodySize(T value) => -1;

    /// <summary>Writes the current schema's body; called only when <see cref="MaxBodySize"/> is not negative.</summary>
    protected virtual void WriteBody(ref AvroBodyWriter writer, T value) =>
        throw new NotSupportedException(TypeName + " has no hand-written writer.");

    protected virtual bool HasHandWrittenReader => false;

    /// <summary>Reads a body written with the current schema; called only when <see cref="HasHandWrittenReader"/>.</summary>
    protected virtual T ReadBody(ref AvroBodyReader reader) =>
        throw new NotSupportedException(TypeName + " has no hand-written reader.");

    private byte[] EncodeHandWritten(T value, int maxBody)
    {
        const int StackLimit = 1024;
        var size = SingleObjectHeader.Length + maxBody;
        byte[]? rented = null;
        var buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            SingleObjectHeader.Write(buffer, Fingerprint);
            var writer = new AvroBodyWriter(buffer[SingleObjectHeader.Length..]);
            WriteBody(ref writer, value);
            return buffer[..(SingleObjectHeader.Length + writer.Position)].ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    protected abstract T FromRecord(GenericRecord record);

    /// <summary>Exceptions that mean "these bytes are not a valid message"; anything else is a bug and is not masked.</summary>
    internal static bool IsDecodingFailure(Exception ex) =>
        ex is AvroException or InvalidCastException or IndexOutOfRangeException or ArgumentException
            or OverflowException or FormatException or KeyNotFoundException or InvalidOperationException
            or EndOfStreamException or IOException;

    private DatumReader<GenericRecord> ReaderFor(long writerFingerprint)
    {
        if (!_catalog.TryGetByFingerprint(writerFingerprint, out var writer))
        {
            throw new MessageDecodeException(
                DecodeFailure.UnknownFingerprint, $"Writer schema fingerprint {writerFingerprint:X16} is unknown to this build ({TypeName}).");
        }

        if (writer.FullName != TypeName)
        {
            throw new MessageDecodeException(
                DecodeFailure.UnknownFingerprint,
                $"Writer schema fingerprint {writerFingerprint:X16} is {writer.FullName} ({writer.ResourceName}), not {TypeName}.");
        }

        var lazy = _readers.GetOrAdd(
            writerFingerprint,
            static (_, state) => new Lazy<DatumReader<GenericRecord>>(
                () => new GenericDatumReader<GenericRecord>(state.writer.CodecSchema, state.reader.CodecSchema)),
            (writer, reader: Current));
        try
        {
            return lazy.Value;
        }
        catch (AvroException ex)
        {
            throw new MessageDecodeException(
                DecodeFailure.UnknownFingerprint, $"Writer schema {writer.ResourceName} cannot be resolved to the current {TypeName}: {ex.Message}", ex);
        }
    }
}
