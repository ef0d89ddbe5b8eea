using System.Globalization;

namespace StreamReco.Streams.Engine;

/// <summary>
/// The task's <c>.checkpoint</c> file: for each changelog partition, the next offset not yet reflected in the local store.
/// Written atomically (temp file + rename) after stores are flushed; absent means "restore from the beginning".
/// </summary>
internal static class OffsetCheckpoint
{
    private const string Version = "0";

    public static Dictionary<string, long> Read(string path)
    {
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return offsets;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 1 || lines[0] != Version)
        {
            return offsets;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
            {
                offsets[parts[0]] = offset;
            }
        }

        return offsets;
    }

    public static void Write(string path, IReadOnlyDictionary<string, long> offsets)
    {
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp))
        {
            writer.WriteLine(Version);
            foreach (var (key, offset) in offsets)
            {
                writer.Write(key);
                writer.Write(' ');
                writer.WriteLine(offset.ToString(CultureInfo.InvariantCulture));
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Key of a changelog partition in the file.</summary>
    public static string Key(string changelogTopic, int partition) => changelogTopic + "/" + partition.ToString(CultureInfo.InvariantCulture);
}
