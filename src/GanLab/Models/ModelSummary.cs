using TorchSharp;

namespace GanLab.Models;

/// <summary>One layer with parameters, for architecture tables.</summary>
/// <param name="Network">"generator" or "discriminator".</param>
/// <param name="Layer">Checkpoint name of the layer (e.g. layers.up1).</param>
/// <param name="Kind">Module type (ConvTranspose2d, Linear, ...).</param>
/// <param name="Shapes">Parameter shapes, e.g. "weight [128, 64, 4, 4]".</param>
/// <param name="Parameters">Number of trainable values.</param>
public sealed record LayerSummary(string Network, string Layer, string Kind, string Shapes, long Parameters);

/// <summary>Lists a model's layers and parameter counts.</summary>
public static class ModelSummary
{
    /// <summary>Every module that owns parameters, generator first, in registration (call) order.</summary>
    public static IReadOnlyList<LayerSummary> Describe(GanModel model) =>
        Describe("generator", model.Generator).Concat(model.Discriminator is null ? Array.Empty<LayerSummary>() : Describe("discriminator", model.Discriminator)).ToList();

    private static IEnumerable<LayerSummary> Describe(string network, torch.nn.Module module)
    {
        foreach (var (name, child) in module.named_modules())
        {
            var own = child.named_parameters(recurse: false).ToList();
            if (own.Count == 0) continue;
            yield return new LayerSummary(network, name, child.GetType().Name,
                string.Join(", ", own.Select(parameter => $"{parameter.name} [{string.Join(", ", parameter.parameter.shape)}]")),
                own.Sum(parameter => parameter.parameter.numel()));
        }
    }
}
