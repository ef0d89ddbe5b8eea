using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace StreamReco.Observability.Tests;

/// <summary>Every PromQL expression of the Grafana dashboards and the Prometheus alert rules, with where it comes from.</summary>
public static class MonitoringExpressions
{
    /// <summary>Grafana's interval variables, replaced by fixed durations so Prometheus can evaluate the query.</summary>
    private static readonly (string Variable, string Value)[] GrafanaVariables =
    [
        ("$__rate_interval", "1m"),
        ("$__interval", "15s"),
        ("$__range", "1h"),
    ];

    public static IReadOnlyList<(string Source, string Expression)> All() => [.. Dashboards(), .. AlertRules()];

    public static IEnumerable<(string Source, string Expression)> Dashboards()
    {
        foreach (var file in RepositoryFiles.Dashboards)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var (panel, expression) in Targets(document.RootElement, "?"))
            {
                yield return (Path.GetFileName(file) + " panel '" + panel + "'", Substitute(expression));
            }
        }
    }

    public static IEnumerable<(string Source, string Expression)> AlertRules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryFiles.AlertRules))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var group in (YamlSequenceNode)root.Children[new YamlScalarNode("groups")])
        {
            foreach (var rule in (YamlSequenceNode)((YamlMappingNode)group).Children[new YamlScalarNode("rules")])
            {
                var map = (YamlMappingNode)rule;
                var name = map.Children.TryGetValue(new YamlScalarNode("alert"), out var alert) ? alert.ToString() : "record " + map.Children[new YamlScalarNode("record")];
                yield return ("alerts.yml rule " + name, ((YamlScalarNode)map.Children[new YamlScalarNode("expr")]).Value!);
            }
        }
    }

    private static IEnumerable<(string Panel, string Expression)> Targets(JsonElement element, string panel)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in Targets(item, panel))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String)
            {
                panel = title.GetString()!;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                {
                    yield return (panel, property.Value.GetString()!);
                }
                else
                {
                    foreach (var found in Targets(property.Value, panel))
                    {
                        yield return found;
                    }
                }
            }
        }
    }

    private static string Substitute(string expression)
    {
        foreach (var (variable, value) in GrafanaVariables)
        {
            expression = expression.Replace(variable, value, StringComparison.Ordinal);
        }

        return expression;
    }
}
