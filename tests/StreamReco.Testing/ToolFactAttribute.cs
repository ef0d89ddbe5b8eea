using Xunit;

namespace StreamReco.Testing;

/// <summary>
/// A fact that needs an external tool. Skipped, saying why, when the tool is missing on a developer machine;
/// in CI (CI set) it runs and fails loudly, because .ci/run installs the tool.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, string debianPackage)
    {
        if (ExternalTool.Find(tool) is null && !ExternalTool.InCi)
        {
            Skip = tool + " is not installed (apt-get install " + debianPackage + "); .ci/run installs it and runs this test.";
        }
    }
}
