using System.Text;
using System.Text.RegularExpressions;

namespace StreamReco.Observability.Tests;

/// <summary>
/// Extracts the metric names a PromQL expression reads. Strings, label matchers, range/offset durations and label lists
/// of by/without/on/ignoring/group_left/group_right are removed first; what remains is functions (followed by '('),
/// keywords, numbers and metric names.
/// </summary>
public static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan", "atan2",
    };

    public static IReadOnlySet<string> Extract(string expression)
    {
        var text = RemoveStrings(expression);
        text = Braces().Replace(text, "{}");
        text = Brackets().Replace(text, "[]");
        text = LabelLists().Replace(text, " ");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            var next = match.Groups["next"].Value;
            if (next == "(" || Keywords.Contains(name.ToLowerInvariant()) || IsDurationOrNumberTail(text, match.Index))
            {
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>Replaces "..", '..' and `..` literals (with escapes) by empty strings, so label values never look like names.</summary>
    private static string RemoveStrings(string expression)
    {
        var result = new StringBuilder(expression.Length);
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c is not ('"' or '\'' or '`'))
            {
                result.Append(c);
                continue;
            }

            var quote = c;
            i++;
            while (i < expression.Length && expression[i] != quote)
            {
                if (expression[i] == '\\' && quote != '`')
                {
                    i++;
                }

                i++;
            }

            result.Append(quote).Append(quote);
        }

        return result.ToString();
    }

    /// <summary>An identifier right after a digit is a unit or exponent (1e3, 5m), not a name.</summary>
    private static bool IsDurationOrNumberTail(string text, int index) => index > 0 && char.IsAsciiDigit(text[index - 1]);

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"(?<name>[A-Za-z_:][A-Za-z0-9_:]*)\s*(?<next>\(?)")]
    private static partial Regex Identifier();
}
