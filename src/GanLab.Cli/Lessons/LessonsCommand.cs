using System.CommandLine;

namespace GanLab.Cli.Lessons;

/// <summary>`ganlab lessons sync` writes lessons/NN-name.cs from every notebook; `--check` only says which differ.</summary>
internal static class LessonsCommand
{
    public static Command Build()
    {
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 and name the lessons that differ from their notebooks." };
        var sync = new Command("sync", "Generate lessons/NN-name.cs (file-based apps) from notebooks/NN-name.ipynb.") { check };
        sync.SetAction(parse => Commands.Guarded(() => Sync(parse.GetValue(check))));
        return new Command("lessons", "Lessons as .NET file-based apps, generated from the notebooks.") { sync };
    }

    public static int Sync(bool check)
    {
        var root = RepositoryRoot();
        var setup = File.ReadAllText(Path.Combine(root, "notebooks", "ganlab-setup.dib"));
        var folder = Path.Combine(root, "lessons");
        Directory.CreateDirectory(folder);
        var drifted = new List<string>();
        foreach (var notebook in Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, Path.GetFileNameWithoutExtension(notebook) + ".cs");
            var text = LessonSource.Generate(notebook, setup);
            if (File.Exists(path) && File.ReadAllText(path) == text) continue;
            drifted.Add(path);
            if (!check) Core.AtomicFile.WriteAllText(path, text);
        }
        foreach (var path in drifted) Console.WriteLine($"{(check ? "differs" : "wrote")}: {path}");
        if (drifted.Count == 0) Console.WriteLine("lessons match their notebooks");
        return check && drifted.Count > 0 ? 1 : 0;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "GanLab.sln")) && Directory.Exists(Path.Combine(folder.FullName, "notebooks"))) return folder.FullName;
        throw new DirectoryNotFoundException("the GanLab repository (GanLab.sln with notebooks/) was not found above the current folder; run `ganlab lessons sync` inside it.");
    }
}
