using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Core;
using GanLab.Experiments;

namespace GanLab.Cli;

/// <summary>`ganlab eval`: every metric that applies to the run's kind of data, beside what real data scores; the
/// same document shape for every family.</summary>
internal static class EvalCommandHandler
{
    public static int Evaluate(string runFolder, int? samples, bool json, string device, bool raw = false)
    {
        using var run = TrainingRun.Resume(runFolder, device);
        if (raw)
        {
            if (run.Model.AveragedGenerator is null)
                throw new ArgumentException($"{runFolder}: this run keeps no average of G (model.generatorAverage is 0), so --raw-generator would measure the same G; leave it out.", "raw-generator");
            run.Model.SampleFromAverage = false;
        }
        var generator = run.Model.AveragedGenerator is null ? null : raw ? "raw G (not the average)" : $"G's average (EMA, decay {run.Model.AverageDecay})";
        if (generator is not null) Console.Error.WriteLine($"sampling from {generator}");
        var evaluation = run.Evaluate(samples, message => Console.Error.WriteLine(message));
        // The raw G's figures go beside the average's, not over them.
        var files = evaluation.Write(runFolder, raw ? "raw-" : "");
        if (json)
        {
            var document = new JsonObject { ["run"] = Path.GetFullPath(runFolder) };
            foreach (var (key, value) in JsonSerializer.SerializeToNode(evaluation, GanLabJson.Options)!.AsObject()) document[key] = value?.DeepClone();
            Console.WriteLine(document.ToJsonString(GanLabJson.Options));
            return 0;
        }
        Console.WriteLine($"run: {Path.GetFullPath(runFolder)} ({evaluation.Preset}, step {evaluation.Step}, {evaluation.Kind} data {evaluation.Data}, {evaluation.Samples} samples{(generator is null ? "" : ", " + generator)})");
        if (evaluation.Metrics.Count > 0)
        {
            var width = Math.Max(6, evaluation.Metrics.Keys.Max(name => name.Length));
            Console.WriteLine($"{"metric".PadRight(width)}  {"generated",10}  {(evaluation.Reference.Count > 0 ? evaluation.ReferenceName : "")}");
            foreach (var (name, value) in evaluation.Metrics)
                Console.WriteLine($"{name.PadRight(width)}  {Number(value),10}  {(evaluation.Reference.TryGetValue(name, out var reference) ? Number(reference) : "")}");
        }
        foreach (var note in evaluation.Notes) Console.WriteLine(note);
        foreach (var file in files) Console.WriteLine($"wrote {Path.GetFullPath(file)}");
        return 0;
    }

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 1000 ? "F1" : "G5", CultureInfo.InvariantCulture);
}
