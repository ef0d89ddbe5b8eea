using System.Collections.Concurrent;
using System.Text;

namespace StreamReco.Observability.Tests;

/// <summary>Passes console output through and keeps the lines, so a test can read what `streamreco run` printed.</summary>
public sealed class ConsoleLines(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        inner.Write(value);
        lock (_gate)
        {
            if (value == '\n')
            {
                Lines.Enqueue(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }
}
