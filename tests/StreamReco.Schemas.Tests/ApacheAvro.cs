using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace StreamReco.Schemas.Tests;

/// <summary>Stock Apache.Avro encoding and decoding (BinaryEncoder/BinaryDecoder), used as the independent reference in tests.</summary>
internal static class ApacheAvro
{
    public static byte[] EncodeSingleObject(RecordSchema schema, GenericRecord record)
    {
        using var stream = new MemoryStream();
        var header = new byte[10];
        header[0] = 0xC3;
        header[1] = 0x01;
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(2), SchemaNormalization.ParsingFingerprint64(schema));
        stream.Write(header);
        var encoder = new BinaryEncoder(stream);
        new GenericDatumWriter<GenericRecord>(schema).Write(record, encoder);
        encoder.Flush();
        return stream.ToArray();
    }

    public static GenericRecord DecodeBody(RecordSchema writer, RecordSchema reader, byte[] singleObject)
    {
        using var stream = new MemoryStream(singleObject, 10, singleObject.Length - 10);
        var record = new GenericDatumReader<GenericRecord>(writer, reader).Read(null!, new BinaryDecoder(stream));
        Assert.Equal(stream.Length, stream.Position);
        return record;
    }

    /// <summary>Parses a schema from the repository's schemas folder (not the embedded copy), logical types included.</summary>
    public static RecordSchema LoadFromRepository(string relativePath) =>
        (RecordSchema)Schema.Parse(File.ReadAllText(SchemaPath(relativePath)));

    /// <summary>Path of a file under the repository's schemas folder.</summary>
    public static string SchemaPath(string relativePath)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "schemas", "ClickEvent.avsc")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "schemas", relativePath);
    }
}
