using StreamReco.Schemas.Contracts;

namespace StreamReco.Features.Tests;

/// <summary>Structural comparisons of feature records (their lists compare by reference otherwise).</summary>
internal static class FeatureAssert
{
    public static void Equal(UserFeatures? expected, UserFeatures? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.Equal(expected is null, actual is null);
            return;
        }

        Assert.Equal(expected with { TopCategories = [] }, actual with { TopCategories = [] });
        Assert.Equal(expected.TopCategories, actual.TopCategories);
    }
}
