using Avro;
using Avro.Generic;

namespace StreamReco.Schemas.Avro;

/// <summary>Typed access to generic Avro values, shared by the contract mappings.</summary>
internal static class GenericRecordFields
{
    public static T Get<T>(this GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) && value is T typed
            ? typed
            : throw new InvalidCastException($"Field {field} of {record.Schema.Fullname} is {value?.GetType().Name ?? "null"}, expected {typeof(T).Name}.");

    public static string? GetNullableString(this GenericRecord record, string field) =>
        record.TryGetValue(field, out var value) ? value as string : null;

    public static TEnum GetEnum<TEnum>(this GenericRecord record, string field)
        where TEnum : struct, Enum =>
        ParseSymbol<TEnum>(record.Get<GenericEnum>(field).Value);

    public static TEnum ParseSymbol<TEnum>(string symbol)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(symbol, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new ArgumentException($"Symbol {symbol} is not a {typeof(TEnum).Name}.");

    public static GenericEnum ToEnum<TEnum>(Schema schema, TEnum value)
        where TEnum : struct, Enum =>
        new((EnumSchema)NonNull(schema), value.ToString().ToUpperInvariant());

    public static Schema FieldSchema(this RecordSchema schema, string field) =>
        schema.TryGetField(field, out var f) ? f.Schema : throw new KeyNotFoundException($"{schema.Fullname} has no field {field}.");

    /// <summary>The non-null branch of an optional union, or the schema itself.</summary>
    public static Schema NonNull(Schema schema) =>
        schema is UnionSchema union ? union.Schemas.First(s => s.Tag != Schema.Type.Null) : schema;

    public static RecordSchema ItemRecord(Schema arraySchema) => (RecordSchema)((ArraySchema)arraySchema).ItemSchema;

    public static object[] Items(this GenericRecord record, string field) => record.Get<object[]>(field);

    public static IDictionary<string, object> Map(this GenericRecord record, string field) => record.Get<IDictionary<string, object>>(field);
}
