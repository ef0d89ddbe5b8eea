using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamReco.Schemas.Tests;

/// <summary>Structural equality for contracts whose records hold collections (compared by reference by record equality).</summary>
internal static class ContractAssert
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Equivalent<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
}
