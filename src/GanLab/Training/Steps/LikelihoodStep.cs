using GanLab.Models.Text;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>One MLE (teacher-forced) update of a text generator: the step of <see cref="LikelihoodPhase"/>.</summary>
internal sealed class LikelihoodStep : TrainingStep
{
    private readonly LikelihoodPhase phase;
    private readonly ITextGenerator generator;
    private readonly NetworkOptimizer optimizer;

    public LikelihoodStep(StepContext context, LikelihoodPhase phase) : base(context)
    {
        this.phase = phase;
        generator = context.Model.Generator as ITextGenerator
                    ?? throw new ArgumentException($"phase '{phase.Name}' trains by maximum likelihood, which needs a text generator; this model's generator is {context.Model.Generator.GetType().Name}.", "model");
        optimizer = Optimizer("generator", context.Model.Generator, phase.Optimizer);
    }

    public override IReadOnlyDictionary<string, double> Run(int step, int stepInPhase)
    {
        ScheduleOptimizers(stepInPhase, phase.Steps);
        using var scope = NewDisposeScope();
        // NLL per token of a real batch under G, predicting each token from the ones before it.
        var loss = -generator.TokenLogProbabilities(Context.Batches.Next(), Context.Random).mean();
        var (value, norm) = optimizer.Update(loss, step, "mle_loss", Context.MeasuresGradients(step));
        return new Dictionary<string, double> { [Columns.GeneratorLoss] = value, [Columns.GeneratorGradientNorm] = norm };
    }
}
