using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Nodes;
using Avro;

namespace StreamReco.Schemas;

/// <summary>
/// The Avro schemas embedded in this assembly: current schemas (resources <c>schemas/*.avsc</c>) and historical
/// writer versions (<c>schemas/history/*.avsc</c>), looked up by record name or by single-object fingerprint.
/// </summary>
public sealed class SchemaCatalog
{
    private const string CurrentPrefix = "schemas/";
    private const string HistoryPrefix = "schemas/history/";

    private static readonly Lazy<SchemaCatalog> LazyDefault = new(() => LoadEmbedded(typeof(SchemaCatalog).Assembly));

    private readonly FrozenDictionary<long, SchemaEntry> _byFingerprint;
    private readonly FrozenDictionary<string, SchemaEntry> _currentByName;

    public SchemaCatalog(IEnumerable<SchemaEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries.ToArray();
        var byFingerprint = new Dictionary<long, SchemaEntry>();
        var currentByName = new Dictionary<string, SchemaEntry>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            if (byFingerprint.TryGetValue(entry.Fingerprint, out var clash) && clash.FullName != entry.FullName)
            {
                throw new InvalidOperationException(
                    $"Schemas {clash.ResourceName} and {entry.ResourceName} share fingerprint {entry.Fingerprint:X16}.");
            }

            // A history file identical to the current schema is harmless; the current entry wins.
            if (!byFingerprint.ContainsKey(entry.Fingerprint) || entry.IsCurrent)
            {
                byFingerprint[entry.Fingerprint] = entry;
            }

            if (entry.IsCurrent && !currentByName.TryAdd(entry.FullName, entry))
            {
                throw new InvalidOperationException($"Two current schemas define {entry.FullName}.");
            }
        }

        _byFingerprint = byFingerprint.ToFrozenDictionary();
        _currentByName = currentByName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Catalog of the schemas embedded in StreamReco.Schemas.</summary>
    public static SchemaCatalog Default => LazyDefault.Value;

    /// <summary>All schemas, current and historical.</summary>
    public IReadOnlyList<SchemaEntry> Entries { get; }

    /// <summary>The current (reader) schema of a record, by full name (<c>streamreco.ClickEvent</c>).</summary>
    public SchemaEntry Current(string fullName) =>
        _currentByName.TryGetValue(fullName, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No current schema named {fullName}.");

    /// <summary>Looks a writer schema up by its single-object fingerprint.</summary>
    public bool TryGetByFingerprint(long fingerprint, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaEntry? entry) =>
        _byFingerprint.TryGetValue(fingerprint, out entry);

    /// <summary>CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form.</summary>
    public static long FingerprintOf(Schema schema) => SchemaNormalization.ParsingFingerprint64(schema);

    /// <summary>Parses one schema document into a catalog entry.</summary>
    public static SchemaEntry Parse(string resourceName, string json, bool isCurrent)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Schema.Parse(json) is not RecordSchema declared)
        {
            throw new InvalidOperationException($"{resourceName} is not an Avro record schema.");
        }

        var node = JsonNode.Parse(json) ?? throw new InvalidOperationException($"{resourceName} is empty.");
        RemoveLogicalTypes(node);
        var codecSchema = (RecordSchema)Schema.Parse(node.ToJsonString());
        var fingerprint = FingerprintOf(declared);
        if (FingerprintOf(codecSchema) != fingerprint)
        {
            throw new InvalidOperationException($"Stripping logical types changed the canonical form of {resourceName}.");
        }

        return new SchemaEntry(resourceName, declared.Fullname, declared, fingerprint, isCurrent) { CodecSchema = codecSchema };
    }

    /// <summary>Loads every <c>schemas/*.avsc</c> and <c>schemas/history/*.avsc</c> resource of an assembly.</summary>
    public static SchemaCatalog LoadEmbedded(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var entries = new List<SchemaEntry>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(CurrentPrefix, StringComparison.Ordinal) || !name.EndsWith(".avsc", StringComparison.Ordinal))
            {
                continue;
            }

            var isHistory = name.StartsWith(HistoryPrefix, StringComparison.Ordinal);
            if (!isHistory && name.IndexOf('/', CurrentPrefix.Length) >= 0)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Resource {name} vanished.");
            using var reader = new StreamReader(stream);
            entries.Add(Parse(name, reader.ReadToEnd(), isCurrent: !isHistory));
        }

        return new SchemaCatalog(entries);
    }

    private static void RemoveLogicalTypes(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("logicalType");
                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        RemoveLogicalTypes(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        RemoveLogicalTypes(child);
                    }
                }

                break;
            default:
                break;
        }
    }
}
