using System.CommandLine;
using GanLab.Benchmarks;
using GanLab.Core;
using GanLab.Data;
using GanLab.Experiments;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>The `ganlab` command line (contract in README.md).</summary>
internal static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("GanLab: train, evaluate and explore generative adversarial networks (TorchSharp).");
        root.Subcommands.Add(PresetsCommand());
        root.Subcommands.Add(TrainCommand());
        root.Subcommands.Add(EvalCommand());
        root.Subcommands.Add(DataCommand());
        root.Subcommands.Add(BenchCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(Lessons.LessonsCommand.Build());
        root.Subcommands.Add(SweepCommand.Build());
        root.Subcommands.Add(PrivacyCommand.Build());
        return root;
    }

    private static Command PresetsCommand()
    {
        var name = new Argument<string>("preset") { Description = "A preset name or preset file." };
        var show = new Command("show", "Print a preset as JSON (edit it and train it with `ganlab train FILE.json`).") { name };
        show.SetAction(parse => Guarded(() =>
        {
            var argument = parse.GetValue(name)!;
            Console.WriteLine(PresetFiles.ToJson(PresetFiles.IsFile(argument) ? PresetFiles.Load(argument) : Presets.Find(argument)));
            return 0;
        }));
        var command = new Command("presets", "List the built-in presets with one-line descriptions; `presets show NAME` prints one as JSON.") { show };
        command.SetAction(_ => Guarded(() =>
        {
            var width = Presets.All.Max(preset => preset.Name.Length);
            foreach (var preset in Presets.All) Console.WriteLine($"{preset.Name.PadRight(width)}  {preset.Description}");
            return 0;
        }));
        return command;
    }

    private static Command TrainCommand()
    {
        var presetArgument = new Argument<string?>("preset") { Description = "Preset name (see `ganlab presets`) or a preset file (.json); omit with --resume.", Arity = ArgumentArity.ZeroOrOne };
        var steps = new Option<int?>("--steps") { Description = "Steps of the last phase (with --resume: steps to add to it)." };
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Steps of the MLE pretraining phase (text presets)." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Examples per minibatch." };
        var seed = new Option<long?>("--seed") { Description = "Random seed (same seed on CPU = identical history)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/PRESET)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its checkpoint (to the end of its plan, or --steps more)." };
        var stopAt = new Option<int?>("--stop-at") { Description = "End at this global step (phases counted one after another) with every output and a resumable checkpoint written." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Learning rate of the last phase's optimisers." };
        var loss = new Option<string?>("--loss") { Description = "Loss of the adversarial phase: Minimax, NonSaturating, LeastSquares, Hinge, Wasserstein, Relativistic, or WassersteinGradientPenalty (Wasserstein + gradient penalty 10)." };
        var discriminatorSteps = new Option<int?>("--d-steps") { Description = "Discriminator updates per generator update." };
        var r1 = new Option<double?>("--r1") { Description = "R1 penalty weight gamma on D (0 = off)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Save the checkpoint and history every N steps (0 = only at the end)." };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics recorded in history.csv during training, comma-separated (images: fd, kid, kid_std, classifier_score, precision, recall, class_kl, confident; ring/grid: modes, high_quality, reverse_kl; text presets record theirs by default)." };
        var metricsEvery = new Option<int?>("--metrics-every") { Description = "Measure --metrics every N steps (default 500) and at the end of each phase." };
        var data = new Option<string?>("--data") { Description = "Train on other data of the preset's kind: mnist, fashion-mnist, stacked-mnist; ring, grid, spiral; oracle, tang, tang-couplets, english, lines:FILE (one sample per line, characters), words:FILE." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a run already in --out (otherwise train refuses to overwrite its checkpoint)." };
        var set = new Option<string[]>("--set") { Description = "Override any preset field by its JSON path, e.g. --set training.discriminatorOptimizer.learningRate=1e-4 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("train", "Train a preset; writes config.json, history.csv, samples, summary.json, report.html and checkpoint/.")
        {
            presetArgument, steps, pretrainSteps, batchSize, seed, device, output, resume, stopAt, learningRate, loss, discriminatorSteps, r1, checkpointEvery, metrics, metricsEvery, data, overwrite, set,
        };
        command.SetAction(parse => Guarded(() =>
        {
            var metricNames = parse.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var overrides = new TrainingOverrides(parse.GetValue(steps), parse.GetValue(batchSize), parse.GetValue(seed), parse.GetValue(learningRate),
                parse.GetValue(loss), parse.GetValue(discriminatorSteps), parse.GetValue(r1), parse.GetValue(checkpointEvery), parse.GetValue(pretrainSteps),
                metricNames, parse.GetValue(metricsEvery), parse.GetValue(set) ?? Array.Empty<string>(), parse.GetValue(data));
            var resumeFolder = parse.GetValue(resume);
            return resumeFolder is null
                ? TrainCommandHandler.Start(parse.GetValue(presetArgument), overrides, parse.GetValue(device)!, parse.GetValue(output), parse.GetValue(stopAt), parse.GetValue(overwrite))
                : TrainCommandHandler.Resume(resumeFolder, parse.GetValue(presetArgument), overrides, parse.GetValue(device)!, parse.GetValue(output), parse.GetValue(stopAt));
        }));
        return command;
    }

    private static Command EvalCommand()
    {
        var folder = new Argument<string>("run") { Description = "A run folder written by `ganlab train`." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var samples = new Option<int?>("--samples") { Description = "Generated samples to measure (image runs: default 5,000, capped by the test split; text runs: the preset's final evaluation count)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var raw = new Option<bool>("--raw-generator") { Description = "For runs that keep an average of G (model.generatorAverage): measure the raw G instead, into raw-evaluation.json beside the average's." };
        var command = new Command("eval", "Measure a trained run with the metrics of its kind of data, beside what real data scores; writes evaluation.json (and pictures) into the run. Images: Frechet distance, KID, classifier score, precision/recall, class KL, memorisation, Stacked MNIST modes; toy: mode coverage; text: NLL-oracle / NLL-test or BLEU, self-BLEU, novelty, copy rate.")
        {
            folder, json, samples, device, raw,
        };
        command.SetAction(parse => Guarded(() => EvalCommandHandler.Evaluate(parse.GetValue(folder)!, parse.GetValue(samples), parse.GetValue(json), parse.GetValue(device)!, parse.GetValue(raw))));
        return command;
    }

    private static Command DataCommand()
    {
        var name = new Argument<string>("name") { Description = "mnist or fashion-mnist." };
        var download = new Command("download", "Download a full data set into ~/.ganlab/data (needs internet; verified by SHA-256).") { name };
        download.SetAction(parse => Guarded(() =>
        {
            var folder = ImageDataCatalog.Download(ImageDataCatalog.Find(parse.GetValue(name)!), Console.Error.WriteLine);
            Console.WriteLine(folder);
            return 0;
        }));
        var where = new Command("where", "Show where each data set would be loaded from.");
        where.SetAction(_ => Guarded(() =>
        {
            foreach (var spec in ImageDataCatalog.All)
            {
                using var set = ImageDataCatalog.Load(spec);
                Console.WriteLine($"{spec.Name}: {set.Count} images from {set.Source}");
            }
            var speech = GanLab.Data.Audio.SpokenDigits.DefaultFolder;
            Console.WriteLine(GanLab.Data.Audio.SpokenDigits.IsPrepared(speech)
                ? $"spoken-digits: {speech} (SHA-256 {File.ReadAllText(Path.Combine(speech, GanLab.Data.Audio.SpokenDigits.HashFileName)).Trim()})"
                : $"spoken-digits: not rendered yet; `./ganlab data prepare spoken-digits` (or the first speech run) renders it into {speech}");
            var couplets = TangCouplets.DefaultFolder;
            Console.WriteLine(File.Exists(Path.Combine(couplets, TangCouplets.HashFileName))
                ? $"tang-couplets: {couplets} (SHA-256 {File.ReadAllText(Path.Combine(couplets, TangCouplets.HashFileName)).Trim()})"
                : $"tang-couplets: not cut yet; `./ganlab data prepare tang-couplets` (or the first run on it) fetches {TangCouplets.Package} with npm into {couplets}");
            return 0;
        }));
        var prepareName = new Argument<string>("name") { Description = "spoken-digits (rendered by flite and espeak-ng) or tang-couplets (cut from the npm package chinese-poetry)." };
        var prepareFolder = new Option<string?>("--out") { Description = "Target folder (default: $GANLAB_DATA/NAME, else ~/.ganlab/data/NAME)." };
        var prepare = new Command("prepare", "Make a data set on this machine from packaged tools (spoken-digits: flite and espeak-ng; tang-couplets: npm), with its SHA-256.") { prepareName, prepareFolder };
        prepare.SetAction(parse => Guarded(() =>
        {
            var (folder, hash) = parse.GetValue(prepareName) switch
            {
                GanLab.Data.Audio.SpokenDigits.DataSetName => Prepared(parse.GetValue(prepareFolder) ?? GanLab.Data.Audio.SpokenDigits.DefaultFolder,
                    target => GanLab.Data.Audio.SpokenDigitsBuilder.Prepare(target, Console.Error.WriteLine)),
                TangCouplets.DataSetName => Prepared(parse.GetValue(prepareFolder) ?? TangCouplets.DefaultFolder,
                    target => TangCouplets.Prepare(target, Console.Error.WriteLine)),
                var other => throw new ArgumentException($"data prepare knows {GanLab.Data.Audio.SpokenDigits.DataSetName} and {TangCouplets.DataSetName}, not '{other}' (mnist and fashion-mnist come from `data download` or apt).", "name"),
            };
            Console.WriteLine($"{folder} {hash}");
            return 0;
        }));
        return new Command("data", "Data sets: where they come from, download, prepare.") { download, where, prepare };
    }

    private static (string Folder, string Hash) Prepared(string folder, Func<string, string> prepare) => (folder, prepare(folder));

    private static Command RunCommand()
    {
        var notebook = new Argument<string>("notebook") { Description = "Path of a .ipynb notebook (e.g. notebooks/01-toy-gans-2d.ipynb)." };
        var smoke = new Option<bool>("--smoke") { Description = "Few steps: the notebook finishes in about a minute (sets GANLAB_SMOKE=1)." };
        var output = new Option<string?>("--out") { Description = "Folder for NAME.ipynb and NAME.html (default: runs/notebooks)." };
        var command = new Command("run", "Execute a notebook with the .NET Interactive C# kernel; writes the executed .ipynb and a standalone .html.")
        {
            notebook, smoke, output,
        };
        command.SetAction(parse => Guarded(() =>
            Notebooks.NotebookRunner.Run(parse.GetValue(notebook)!, parse.GetValue(smoke), parse.GetValue(output), Console.Error)));
        return command;
    }

    private static Command BenchCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout (progress goes to stderr)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats per loop.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<double>("--seconds") { Description = "Target seconds per repeat.", DefaultValueFactory = _ => 0.75 };
        var only = new Option<string[]>("--model") { Description = "Measure only these models (seed-mlp, dcgan-28, toy).", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "libtorch threads while measuring (default: one per core).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Training steps of the memory check.", DefaultValueFactory = _ => 5000 };
        var memoryModel = new Option<string>("--model") { Description = "seed-mlp, dcgan-28 or toy.", DefaultValueFactory = _ => "seed-mlp" };
        var memory = new Command("memory", "Long-run memory check: trains many steps and tracks working set and live tensors; exit 1 if they grow.")
        {
            memoryModel, steps, device, json,
        };
        memory.SetAction(parse => Guarded(() =>
            BenchCommandHandler.Memory(parse.GetValue(memoryModel)!, parse.GetValue(steps), parse.GetValue(device)!, parse.GetValue(json))));
        var command = new Command("bench", "Speed: GanLab's trainer vs a raw TorchSharp loop per model, GFLOP/s, matmul reference, peak memory.")
        {
            json, device, repeats, seconds, only, threads, memory,
        };
        command.SetAction(parse => Guarded(() => BenchCommandHandler.Speed(
            new BenchmarkSettings { Repeats = parse.GetValue(repeats), SecondsPerRepeat = parse.GetValue(seconds), Only = parse.GetValue(only) ?? Array.Empty<string>(), Threads = parse.GetValue(threads) },
            parse.GetValue(device)!, parse.GetValue(json))));
        return command;
    }

    // One line: ArgumentException's " (Parameter 'name')" dropped (the message names the field in words).
    private static string OneLine(Exception error) => (error is ArgumentException argument ? Guard.Text(argument) : error.Message).ReplaceLineEndings(" ");

    /// <summary>Turns expected failures into one clear line on stderr and a non-zero exit code.</summary>
    internal static int Guarded(Func<int> action)
    {
        try { return action(); }
        catch (Exception error) when (error is ArgumentException or InvalidDataException or FileNotFoundException
                                          or IOException or TorchUnavailableException or TrainingDivergedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {OneLine(error)}");
            return error is TrainingDivergedException ? 3 : 2;
        }
    }
}
