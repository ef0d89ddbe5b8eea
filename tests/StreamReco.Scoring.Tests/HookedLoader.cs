using StreamReco.Scoring.Models;

namespace StreamReco.Scoring.Tests;

/// <summary>Loads with the real ML.NET loader and wraps every model in a <see cref="HookedModel"/>.</summary>
public sealed class HookedLoader : IModelLoader
{
    private readonly MlNetModelLoader _inner;

    public HookedLoader(bool compileTrees = true)
    {
        _inner = new MlNetModelLoader(compileTrees);
    }

    public Action BeforeScore { get; set; } = () => { };

    public HookedModel? Last { get; private set; }

    public IScoringModel Load(VerifiedModel model)
    {
        var loaded = new HookedModel(_inner.Load(model), () => BeforeScore());
        Last = loaded;
        return loaded;
    }
}
