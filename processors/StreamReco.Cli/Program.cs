namespace StreamReco.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: streamreco <command> [options]");
        return args.Length == 0 ? 2 : 0;
    }
}
