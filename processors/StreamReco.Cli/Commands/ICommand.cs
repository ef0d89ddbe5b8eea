using Microsoft.Extensions.Configuration;

namespace StreamReco.Cli.Commands;

/// <summary>One `streamreco` subcommand.</summary>
public interface ICommand
{
    string Name { get; }

    string Summary { get; }

    /// <summary>Runs until done or cancelled (Ctrl-C); returns the process exit code.</summary>
    Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken);
}
