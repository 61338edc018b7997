namespace GanLab.Core;

/// <summary>Names shared by the library, the notebook layer and the command line, defined once.</summary>
public static class HostConventions
{
    /// <summary>Environment variable that asks lessons for their small, fast settings (`ganlab run --smoke` sets it to 1).</summary>
    public const string SmokeVariable = "GANLAB_SMOKE";
    /// <summary>Environment variable choosing the device of lessons ("cpu" default, or "cuda").</summary>
    public const string DeviceVariable = "GANLAB_DEVICE";
    /// <summary>HTML attribute carried by every render of a live view, so a saved page keeps only each view's last render.</summary>
    public const string LiveViewAttribute = "data-ganlab-live";

    /// <summary>Environment variable naming the file where a notebook kernel records each cell it starts, for
    /// `ganlab run` to say which cell runs.</summary>
    public const string CellProgressVariable = "GANLAB_CELL_PROGRESS";

    /// <summary>True when <see cref="SmokeVariable"/> is set to 1 or true.</summary>
    public static bool SmokeRequested => Environment.GetEnvironmentVariable(SmokeVariable) is "1" or "true";
}
