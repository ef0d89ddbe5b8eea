using StreamReco.Schemas.Contracts;

namespace StreamReco.Schemas.Serialization;

/// <summary>The <see cref="Behavior"/> enum as the schemas' Behavior symbols: its values are the symbol indexes (VIEW..BUY).</summary>
internal static class BehaviorSymbols
{
    public const int Count = 6;

    /// <summary>The symbol index of <paramref name="behavior"/>; a value outside the enum is an error, not a corrupt message.</summary>
    public static int Ordinal(Behavior behavior) =>
        (uint)behavior < Count ? (int)behavior : throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Behavior is not a defined symbol.");
}
