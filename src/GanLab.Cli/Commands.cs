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
        return root;
    }

    private static Command PresetsCommand()
    {
        var command = new Command("presets", "List the built-in presets with one-line descriptions.");
        command.SetAction(_ => Guarded(() =>
        {
            var all = Presets.All.Select(preset => (preset.Name, preset.Description))
                .Concat(Experiments.Text.TextPresets.All.Select(preset => (preset.Name, preset.Description))).ToList();
            var width = all.Max(preset => preset.Name.Length);
            foreach (var (name, description) in all) Console.WriteLine($"{name.PadRight(width)}  {description}");
            return 0;
        }));
        return command;
    }

    private static Command TrainCommand()
    {
        var presetArgument = new Argument<string?>("preset") { Description = "Preset name (see `ganlab presets`); omit with --resume.", Arity = ArgumentArity.ZeroOrOne };
        var steps = new Option<int?>("--steps") { Description = "Generator steps (with --resume: additional steps)." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Examples per minibatch." };
        var seed = new Option<long?>("--seed") { Description = "Random seed (same seed on CPU = identical history)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/PRESET)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its checkpoint." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Learning rate of both networks." };
        var loss = new Option<LossKind?>("--loss") { Description = "Minimax, NonSaturating, LeastSquares, Hinge or WassersteinGradientPenalty." };
        var discriminatorSteps = new Option<int?>("--d-steps") { Description = "Discriminator updates per generator update." };
        var r1 = new Option<double?>("--r1") { Description = "R1 penalty weight gamma on D (0 = off)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Save the checkpoint and history every N steps (0 = only at the end)." };
        var pretrainSteps = new Option<int?>("--pretrain-steps") { Description = "Text presets: MLE pretraining steps (--steps sets the adversarial steps)." };
        var metrics = new Option<string?>("--metrics") { Description = "Image presets: metrics recorded in history.csv during training, comma-separated (fd, kid, kid_std, classifier_score, precision, recall, class_kl, confident; ring/grid: modes, high_quality, reverse_kl)." };
        var metricsEvery = new Option<int?>("--metrics-every") { Description = "Measure --metrics every N steps (default 500) and after the last step." };
        var command = new Command("train", "Train a preset; writes config.json, history.csv, samples.png, report.html and checkpoint/.")
        {
            presetArgument, steps, batchSize, seed, device, output, resume, learningRate, loss, discriminatorSteps, r1, checkpointEvery, pretrainSteps, metrics, metricsEvery,
        };
        command.SetAction(parse => Guarded(() =>
        {
            var resumeFolder = parse.GetValue(resume);
            var overrides = new TrainingOverrides(parse.GetValue(steps), parse.GetValue(batchSize), parse.GetValue(seed),
                parse.GetValue(learningRate), parse.GetValue(loss), parse.GetValue(discriminatorSteps), parse.GetValue(r1), parse.GetValue(checkpointEvery));
            var name = parse.GetValue(presetArgument);
            if (resumeFolder is null && name is not null && Experiments.Text.TextPresets.Find(name) is { } textPreset)
                return TextCommandHandler.Train(TextCommandHandler.ApplyOverrides(textPreset, overrides, parse.GetValue(pretrainSteps)), parse.GetValue(device)!, parse.GetValue(output));
            if (parse.GetValue(pretrainSteps) is not null) throw new ArgumentException("--pretrain-steps applies to text presets only.", "pretrain-steps");
            var metricNames = parse.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (metricNames is null && parse.GetValue(metricsEvery) is not null) throw new ArgumentException("--metrics-every needs --metrics.", "metrics-every");
            if (metricNames is not null && resumeFolder is not null) throw new ArgumentException("--metrics applies when a run starts; a resumed run keeps the metric columns it has.", "metrics");
            return resumeFolder is null
                ? TrainCommandHandler.Start(parse.GetValue(presetArgument), overrides, parse.GetValue(device)!, parse.GetValue(output), metricNames, parse.GetValue(metricsEvery) ?? 500)
                : TrainCommandHandler.Resume(resumeFolder, overrides, parse.GetValue(device)!, parse.GetValue(output));
        }));
        return command;
    }

    private static Command EvalCommand()
    {
        var folder = new Argument<string>("run") { Description = "A run folder written by `ganlab train`." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var samples = new Option<int?>("--samples") { Description = "Generated samples to measure (image runs: default 5,000, capped by the test split; text runs: the preset's final evaluation count)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("eval", "Measure a trained run. Image runs: Frechet distance, KID, classifier score, precision/recall, class KL, memorisation (beside the real-vs-real floor), Stacked MNIST modes, toy mode coverage; writes evaluation.json and pictures into the run. Text runs: NLL-oracle / NLL-test or BLEU, self-BLEU, novelty, copy rate.")
        {
            folder, json, samples, device,
        };
        command.SetAction(parse => Guarded(() =>
        {
            var run = parse.GetValue(folder)!;
            var checkpoint = Path.Combine(run, TrainingRun.CheckpointRelativePath);
            if (!File.Exists(checkpoint)) throw new FileNotFoundException($"{checkpoint}: no checkpoint; is '{run}' a run folder written by `ganlab train`?", checkpoint);
            if (!Experiments.Text.TextRun.IsTextRun(run))
                return ImageEvalCommandHandler.Evaluate(run, parse.GetValue(samples), parse.GetValue(json), parse.GetValue(device)!);
            return TextCommandHandler.Evaluate(run, parse.GetValue(samples), parse.GetValue(json), parse.GetValue(device)!);
        }));
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
            return 0;
        }));
        return new Command("data", "Data sets: where they come from, download.") { download, where };
    }

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
            json, device, repeats, seconds, only, memory,
        };
        command.SetAction(parse => Guarded(() => BenchCommandHandler.Speed(
            new BenchmarkSettings { Repeats = parse.GetValue(repeats), SecondsPerRepeat = parse.GetValue(seconds), Only = parse.GetValue(only) ?? Array.Empty<string>() },
            parse.GetValue(device)!, parse.GetValue(json))));
        return command;
    }

    // ArgumentException appends " (Parameter 'name')"; the message already names the field in words.
    private static string OneLine(Exception error)
    {
        var text = error.Message;
        if (error is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            if (text.EndsWith(suffix, StringComparison.Ordinal)) text = text[..^suffix.Length];
        }
        return text.ReplaceLineEndings(" ");
    }

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
