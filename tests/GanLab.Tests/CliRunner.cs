using GanLab.Cli;

namespace GanLab.Tests;

/// <summary>Runs the `ganlab` command line in process and captures what it printed.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try { return (Commands.Build().Parse(arguments).Invoke(), output.ToString(), error.ToString()); }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
