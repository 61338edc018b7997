using System.CommandLine;
using System.Text.Json;
using GanLab.Privacy;

namespace GanLab.Cli;

/// <summary>`ganlab privacy`: epsilon of DP-SGD's subsampled Gaussian mechanism, or the noise a target epsilon needs.</summary>
internal static class PrivacyCommand
{
    // The accountant names its arguments as C# does; the user typed options.
    private static readonly Dictionary<string, string> OptionOf = new()
    {
        ["samplingRate"] = "--sampling-rate", ["noiseMultiplier"] = "--noise-multiplier", ["steps"] = "--steps",
        ["delta"] = "--delta", ["targetEpsilon"] = "--target-epsilon",
    };

    public static Command Build()
    {
        var samplingRate = new Option<double>("--sampling-rate") { Description = "q: the chance that each example is in a batch (expected batch size / data set size).", Required = true };
        var noiseMultiplier = new Option<double?>("--noise-multiplier") { Description = "sigma: the noise's standard deviation over the clipping norm." };
        var targetEpsilon = new Option<double?>("--target-epsilon") { Description = "Instead of --noise-multiplier: find the noise multiplier that spends this epsilon." };
        var steps = new Option<long>("--steps") { Description = "Training steps (each one draws a Poisson batch).", Required = true };
        var delta = new Option<double>("--delta") { Description = "delta of (epsilon, delta)-DP; below 1 / data set size.", DefaultValueFactory = _ => 1e-5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (keys epsilon, noise_multiplier, ...)." };
        var command = new Command("privacy", "Privacy spent by DP-SGD (Renyi DP accountant of the subsampled Gaussian mechanism): epsilon for a noise multiplier, or the noise multiplier for a target epsilon.")
        {
            samplingRate, noiseMultiplier, targetEpsilon, steps, delta, json,
        };
        command.SetAction(parse => Commands.Guarded(() => Run(parse.GetValue(samplingRate), parse.GetValue(noiseMultiplier), parse.GetValue(targetEpsilon),
            parse.GetValue(steps), parse.GetValue(delta), parse.GetValue(json))));
        return command;
    }

    private static int Run(double samplingRate, double? noiseMultiplier, double? targetEpsilon, long steps, double delta, bool json)
    {
        if (noiseMultiplier.HasValue == targetEpsilon.HasValue)
            throw new ArgumentException("give exactly one of --noise-multiplier (to get epsilon) and --target-epsilon (to get the noise multiplier).");
        try
        {
            var sigma = noiseMultiplier ?? RenyiAccountant.NoiseMultiplierFor(targetEpsilon!.Value, samplingRate, steps, delta);
            var spent = RenyiAccountant.Spent(samplingRate, sigma, steps, delta);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["epsilon"] = spent.Epsilon, ["noise_multiplier"] = sigma, ["order"] = spent.Order,
                    ["classic_epsilon"] = spent.ClassicEpsilon, ["classic_order"] = spent.ClassicOrder,
                    ["sampling_rate"] = samplingRate, ["steps"] = steps, ["delta"] = delta, ["target_epsilon"] = targetEpsilon,
                }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                return 0;
            }
            if (targetEpsilon is { } target) Console.WriteLine($"noise multiplier {sigma:G4} spends epsilon {target:G4} (Balle et al. 2020 conversion)");
            Console.WriteLine($"q = {samplingRate:G4}, noise multiplier {sigma:G4}, {steps:N0} steps, delta {delta:G3}:");
            Console.WriteLine($"  epsilon {spent.Epsilon:F3}  (Balle et al. 2020 conversion, best order {spent.Order:G3})");
            Console.WriteLine($"  epsilon {spent.ClassicEpsilon:F3}  (classic conversion eps = RDP + log(1/delta) / (alpha - 1), best order {spent.ClassicOrder:G3})");
            if (spent.Order == RenyiAccountant.DefaultOrders[^1] || spent.Order == RenyiAccountant.DefaultOrders[0])
                Console.Error.WriteLine("note: the best order is at the end of the orders tried (1.1 to 63); epsilon may be a little lower with more orders.");
            return 0;
        }
        catch (ArgumentOutOfRangeException error) when (error.ParamName is { } name && OptionOf.TryGetValue(name, out var option))
        {
            throw new ArgumentException($"{option}: {Core.Guard.Text(error)}", option, error);
        }
    }
}
