using System.Text;
using Avro;

namespace StreamReco.Schemas.Tests;

public sealed class FingerprintTests
{
    [Fact]
    public void Catalog_holds_all_seven_current_schemas()
    {
        var names = SchemaCatalog.Default.Entries.Where(e => e.IsCurrent).Select(e => e.FullName).Order().ToArray();
        Assert.Equal(
            new[]
            {
                "streamreco.ClickEvent", "streamreco.DriftMetric", "streamreco.ItemFeatures", "streamreco.ModelVersion",
                "streamreco.Recommendation", "streamreco.TrainingSnapshot", "streamreco.UserFeatures",
            },
            names);
    }

    [Fact]
    public void Spec_fingerprint_of_empty_input_is_the_empty_constant() =>
        Assert.Equal(unchecked((long)SpecRabinFingerprint.Empty), SpecRabinFingerprint.Compute([]));

    [Fact]
    public void Apache_fingerprint_matches_the_spec_algorithm_on_every_catalog_schema()
    {
        foreach (var entry in SchemaCatalog.Default.Entries)
        {
            var canonical = Encoding.UTF8.GetBytes(SchemaNormalization.ToParsingForm(entry.Schema));
            Assert.Equal(SpecRabinFingerprint.Compute(canonical), entry.Fingerprint);
            Assert.Equal(SchemaNormalization.ParsingFingerprint64(entry.Schema), entry.Fingerprint);
        }
    }

    [Theory]
    [InlineData("\"int\"")]
    [InlineData("\"string\"")]
    [InlineData("{\"type\":\"record\",\"name\":\"x.R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}")]
    public void Apache_fingerprint_matches_the_spec_algorithm_on_small_schemas(string json)
    {
        var schema = Schema.Parse(json);
        var canonical = Encoding.UTF8.GetBytes(SchemaNormalization.ToParsingForm(schema));
        Assert.Equal(SpecRabinFingerprint.Compute(canonical), SchemaNormalization.ParsingFingerprint64(schema));
    }

    [Fact]
    public void Canonical_form_of_click_event_v1_is_as_the_spec_defines()
    {
        // Written by hand from the spec's Parsing Canonical Form rules: full names, no doc/logicalType, attribute order name/type/fields/symbols.
        const string Expected =
            "{\"name\":\"streamreco.ClickEvent\",\"type\":\"record\",\"fields\":["
            + "{\"name\":\"event_id\",\"type\":\"string\"},{\"name\":\"user_id\",\"type\":\"string\"},"
            + "{\"name\":\"item_id\",\"type\":\"string\"},{\"name\":\"category_id\",\"type\":\"string\"},"
            + "{\"name\":\"behavior\",\"type\":{\"name\":\"streamreco.Behavior\",\"type\":\"enum\","
            + "\"symbols\":[\"VIEW\",\"CLICK\",\"CART\",\"FAV\",\"SHARE\",\"BUY\"]}},"
            + "{\"name\":\"event_time\",\"type\":\"long\"}]}";
        var v1 = Assert.Single(SchemaCatalog.Default.Entries, e => e.ResourceName == "schemas/history/ClickEvent.v1.avsc");

        Assert.Equal(Expected, SchemaNormalization.ToParsingForm(v1.Schema));
        Assert.Equal(SpecRabinFingerprint.Compute(Encoding.UTF8.GetBytes(Expected)), v1.Fingerprint);
    }

    [Fact]
    public void Fingerprints_are_distinct()
    {
        var fingerprints = SchemaCatalog.Default.Entries.Select(e => e.Fingerprint).ToArray();
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Fact]
    public void Embedded_schemas_equal_the_repository_files()
    {
        foreach (var entry in SchemaCatalog.Default.Entries)
        {
            var fromDisk = ApacheAvro.LoadFromRepository(entry.ResourceName["schemas/".Length..]);
            Assert.Equal(SchemaNormalization.ParsingFingerprint64(fromDisk), entry.Fingerprint);
        }
    }

    [Fact]
    public void Catalog_rejects_two_current_versions_of_one_record()
    {
        var json = File.ReadAllText(Path.Combine(RepositorySchemas(), "ClickEvent.avsc"));
        var v1 = File.ReadAllText(Path.Combine(RepositorySchemas(), "history", "ClickEvent.v1.avsc"));
        var entries = new[] { SchemaCatalog.Parse("a.avsc", json, isCurrent: true), SchemaCatalog.Parse("b.avsc", v1, isCurrent: true) };

        Assert.Throws<InvalidOperationException>(() => new SchemaCatalog(entries));
    }

    [Fact]
    public void Catalog_looks_up_current_schemas_by_name_and_rejects_unknown_names()
    {
        Assert.True(SchemaCatalog.Default.Current("streamreco.ClickEvent").IsCurrent);
        Assert.Throws<KeyNotFoundException>(() => SchemaCatalog.Default.Current("streamreco.Nope"));
        Assert.False(SchemaCatalog.Default.TryGetByFingerprint(12345, out _));
    }

    private static string RepositorySchemas() =>
        Path.GetDirectoryName(ApacheAvro.SchemaPath("ClickEvent.avsc"))!;
}
