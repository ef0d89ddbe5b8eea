namespace StreamReco.Observability.Tests;

/// <summary>Finds the repository's monitoring files (dashboards, alert rules) from the test binary's directory.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string AlertRules => Path.Combine(Root, "infra", "prometheus", "alerts.yml");

    public static IReadOnlyList<string> Dashboards =>
        Directory.GetFiles(Path.Combine(Root, "infra", "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamReco.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("StreamReco.sln not found above " + AppContext.BaseDirectory);
    }
}
