using System.Runtime.InteropServices;

namespace StreamReco.Kafka.Native;

/// <summary>
/// Picks the librdkafka build that Confluent.Kafka ships and that loads on this machine, and makes
/// Confluent.Kafka and our mock-cluster bindings use that same file.
/// </summary>
/// <remarks>
/// On glibc Linux the package's plain librdkafka.so links libsasl2.so.3, which Debian does not have;
/// the centos8 build has no such dependency. STREAMRECO_LIBRDKAFKA overrides the choice.
/// </remarks>
public static class LibRdKafkaLocator
{
    public const string OverrideVariable = "STREAMRECO_LIBRDKAFKA";

    private static readonly object Gate = new();
    private static string? _loadedPath;

    /// <summary>Path of the native library in use, after <see cref="EnsureLoaded"/>.</summary>
    public static string? LoadedPath => _loadedPath;

    /// <summary>Loads librdkafka once per process; safe to call from anywhere before creating clients.</summary>
    public static string EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            var path = Resolve();
            var library = NativeLibrary.Load(path);
            NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaLocator).Assembly, (name, _, _) =>
                name == MockClusterNative.LibraryName ? library : IntPtr.Zero);
            _loadedPath = path;
            return path;
        }
    }

    private static string Resolve()
    {
        var overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (!File.Exists(overridePath))
            {
                throw new FileNotFoundException(OverrideVariable + " points to a file that does not exist.", overridePath);
            }

            return overridePath;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeIdentifier(), "native");
        string[] candidates = OperatingSystem.IsLinux()
            ? ["centos8-librdkafka.so", "librdkafka.so"]
            : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.dll"];
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(native, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new DllNotFoundException(
            "librdkafka was not found under " + native + ". Is the librdkafka.redist package restored? Set "
            + OverrideVariable + " to a librdkafka shared library to use another build.");
    }

    private static string RuntimeIdentifier()
    {
        var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win";
        return os + "-" + arch;
    }
}
