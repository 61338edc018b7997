namespace GanLab.Lessons;

/// <summary>Files of the GanLab repository a lesson uses (the example sweep, data notes), found the same way whether
/// the lesson runs as a notebook (working folder notebooks/) or as a lesson app started from anywhere.</summary>
public static class LessonFiles
{
    private static string? root;

    /// <summary>The repository's root folder: set by the lesson app from its own source path, otherwise the first folder
    /// above the working folder that holds GanLab.sln.</summary>
    public static string Root
    {
        get => root ??= FindRoot(Directory.GetCurrentDirectory())
                        ?? throw new DirectoryNotFoundException($"the GanLab repository (GanLab.sln) was not found above {Directory.GetCurrentDirectory()}; run lessons from inside it.");
        set => root = value;
    }

    /// <summary>The full path of <paramref name="relative"/> inside the repository.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The first folder at or above <paramref name="start"/> holding GanLab.sln, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "GanLab.sln"))) return folder.FullName;
        return null;
    }
}
