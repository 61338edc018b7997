using System.CommandLine;
using System.Text.RegularExpressions;
using GanLab.Cli;

var parsed = Commands.Build().Parse(args);
// Malformed arguments get one line each (not the whole help page); `--help` still shows help.
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine("error: " + Readable(error.Message) + " (see --help)");
    return 2;
}
return parsed.Invoke();

static string Readable(string message) => Regex.Replace(message.Replace("?" + Environment.NewLine, "? ").ReplaceLineEndings(", ").Replace(" as expected type ", ", expected "), @"'System\.Nullable`1\[System\.(\w+)\]'|'System\.(\w+)'", match =>
    (match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value) switch
    {
        "Int32" or "Int64" => "a whole number",
        "Double" => "a number",
        var other => other,
    });
