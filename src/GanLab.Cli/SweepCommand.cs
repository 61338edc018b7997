using System.CommandLine;
using System.Globalization;
using GanLab.Experiments.Sweeps;

namespace GanLab.Cli;

/// <summary>`ganlab sweep plan|run|collect`: trials as pure functions of (sweep file, index), run here as concurrent
/// processes, as a Slurm job array or as a Kubernetes Indexed Job, then gathered into one table and report.</summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var file = new Argument<string>("sweep") { Description = "A sweep file (JSON), e.g. sweeps/toy-ring-lr-seeds.json." };
        var plan = new Command("plan", "List the sweep's trials with their index, settings and seed.") { file };
        plan.SetAction(parse => Commands.Guarded(() => Plan(parse.GetValue(file)!)));

        var runFile = new Argument<string>("sweep") { Description = "A sweep file (JSON)." };
        var index = new Option<int?>("--index") { Description = "Run only this trial (what each cluster task does)." };
        var output = new Option<string?>("--out") { Description = "Folder of the sweep's trials (default: runs/sweeps/NAME)." };
        var local = new Option<bool>("--local") { Description = "Run every trial not done yet on this machine (the default)." };
        var jobs = new Option<int>("--jobs") { Description = "Local: trials at once; each gets its share of the cores as libtorch threads.", DefaultValueFactory = _ => 1 };
        var slurm = new Option<bool>("--slurm") { Description = "Write and submit a Slurm job array, one task per trial (sbatch --array=0-(n-1)%PARALLEL)." };
        var kubernetes = new Option<bool>("--kubernetes") { Description = "Write a Kubernetes Indexed Job manifest (sweep-job.json) to apply with kubectl." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per trial, e.g. 01:00:00." };
        var cpus = new Option<int>("--cpus") { Description = "CPUs per trial on a cluster (its libtorch threads).", DefaultValueFactory = _ => 1 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per trial on a cluster (trials then train on cuda).", DefaultValueFactory = _ => 0 };
        var parallel = new Option<int>("--parallel") { Description = "Cluster: trials running at once.", DefaultValueFactory = _ => 4 };
        var wait = new Option<bool>("--wait") { Description = "Slurm: wait until every task has ended (sbatch --wait)." };
        var image = new Option<string>("--image") { Description = "Kubernetes: container image with ganlab on PATH.", DefaultValueFactory = _ => "ganlab:latest" };
        var claim = new Option<string>("--claim") { Description = "Kubernetes: persistent volume claim mounted at /work (sweep file and runs).", DefaultValueFactory = _ => "ganlab-work" };
        var threads = new Option<int>("--threads") { Description = "libtorch threads of a trial run with --index (0 = default).", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var run = new Command("run", "Run a sweep's trials (all, or one with --index), locally, on Slurm or on Kubernetes.")
        {
            runFile, index, output, local, jobs, slurm, kubernetes, partition, time, cpus, gpus, parallel, wait, image, claim, threads, device,
        };
        run.SetAction(parse => Commands.Guarded(() =>
        {
            var path = parse.GetValue(runFile)!;
            var sweep = SweepFile.Load(path);
            var folder = parse.GetValue(output) ?? Path.Combine("runs", "sweeps", sweep.Name);
            var cluster = new ClusterSettings(parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(parallel), parse.GetValue(partition), parse.GetValue(time), parse.GetValue(image)!, parse.GetValue(claim)!);
            if (new[] { parse.GetValue(local), parse.GetValue(slurm), parse.GetValue(kubernetes) }.Count(chosen => chosen) > 1)
                throw new ArgumentException("choose one executor: --local, --slurm or --kubernetes.", "local");
            if (parse.GetValue(index) is { } trial)
            {
                var result = SweepRunner.RunTrial(sweep, trial, folder, parse.GetValue(device)!, parse.GetValue(threads), message => Console.Error.WriteLine(message));
                Console.WriteLine($"trial {trial}: {Format(result.Metrics)} ({result.Seconds:F0} s)");
                return 0;
            }
            Directory.CreateDirectory(folder);
            Core.AtomicFile.WriteAllText(Path.Combine(folder, "sweep.json"), File.ReadAllText(path));
            if (parse.GetValue(slurm))
            {
                var script = SweepClusters.WriteSlurm(path, sweep, folder, cluster, CliCommandLine());
                Console.WriteLine($"job script: {Path.GetFullPath(script)}");
                var job = SweepClusters.Submit(script, parse.GetValue(wait));
                Console.WriteLine($"submitted Slurm job {job}: {sweep.Trials().Count} trials; collect with: ganlab sweep collect {folder}");
                return 0;
            }
            if (parse.GetValue(kubernetes))
            {
                var manifest = SweepClusters.WriteKubernetes(path, sweep, folder, cluster);
                Console.WriteLine($"manifest: {Path.GetFullPath(manifest)}; apply it with: kubectl apply -f {manifest}");
                return 0;
            }
            var failed = SweepRunner.RunLocal(path, sweep, folder, parse.GetValue(jobs), parse.GetValue(device)!, CliProgram(), message => Console.Error.WriteLine(message));
            var collection = SweepCollector.Collect(sweep, folder);
            var files = SweepCollector.Write(sweep, collection, folder);
            Console.WriteLine(collection.Status);
            Console.WriteLine($"report: {Path.GetFullPath(files[2])}");
            return failed.Count == 0 ? 0 : 1;
        }));

        var folderArgument = new Argument<string>("folder") { Description = "A sweep's folder (written by `ganlab sweep run`)." };
        var collect = new Command("collect", "Gather a sweep's finished trials into results.csv, results.json and report.html; say which are missing.") { folderArgument };
        collect.SetAction(parse => Commands.Guarded(() =>
        {
            var folder = parse.GetValue(folderArgument)!;
            var sweep = SweepFile.Load(Path.Combine(folder, "sweep.json"));
            var collection = SweepCollector.Collect(sweep, folder);
            var files = SweepCollector.Write(sweep, collection, folder);
            Console.WriteLine(collection.Status);
            foreach (var written in files) Console.WriteLine($"wrote {Path.GetFullPath(written)}");
            return collection.Missing.Count == 0 ? 0 : 1;
        }));
        return new Command("sweep", "Hyperparameter sweeps: trials as pure jobs, run locally or on a cluster.") { plan, run, collect };
    }

    private static int Plan(string path)
    {
        var sweep = SweepFile.Load(path);
        var trials = sweep.Trials();
        Console.WriteLine($"{sweep.Name}: {trials.Count} trials of {sweep.Preset}");
        foreach (var trial in trials)
            Console.WriteLine($"{trial.Index,4}  seed {trial.Seed}  {string.Join("  ", trial.Values.Select(pair => $"{pair.Key}={pair.Value}"))}");
        return 0;
    }

    // This command line as a process can start it again: `dotnet PATH/GanLab.Cli.dll` (the tests run it in process,
    // so the program is found from PATH rather than from this process).
    private static (string Program, IReadOnlyList<string> Prefix) CliProgram()
    {
        var program = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        return (program, new[] { Path.Combine(AppContext.BaseDirectory, "GanLab.Cli.dll") });
    }

    private static string CliCommandLine()
    {
        var (program, prefix) = CliProgram();
        return string.Join(' ', new[] { program }.Concat(prefix).Select(part => "'" + part.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
    }

    private static string Format(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(pair => $"{pair.Key} {pair.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
}
