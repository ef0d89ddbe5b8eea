namespace StreamReco.Cli.Configuration;

/// <summary>Invalid configuration: every problem found, each naming the setting and what is expected.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
