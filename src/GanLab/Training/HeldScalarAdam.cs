using TorchSharp;
using GanLab.Core;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>TorchSharp's Adam with its step's numbers held as Scalars until each kernel has read them.</summary>
/// <remarks>TorchSharp's own step turns each number into a Scalar per call (<c>exp_avg.mul_(beta1)</c> and so on) and
/// lets it go at once, so a collection on another thread can finalize it while libtorch reads it: CI on 2026-12-07
/// stopped in lesson 05's sweep with "Unknown scalar type" from <c>Scalar::type</c> under <c>mul_</c> in
/// <c>Adam.step</c> (the defect behind <see cref="Core.HeldScalars"/>; docs/architecture.md). This step does the same
/// operations in the same order, with each Scalar in a <c>using</c>, so the numbers, the state and its checkpoint
/// format are Adam's (seeded histories did not move).</remarks>
public sealed class HeldScalarAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2)
    : Adam(parameters, learningRate, beta1, beta2)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var (beta1, beta2) = (options.beta1!.Value, options.beta2!.Value);
        if (options.amsgrad!.Value || options.maximize!.Value || options.weight_decay!.Value != 0)
            throw new NotSupportedException("HeldScalarAdam has no amsgrad, maximize or weight decay; GanLab sets none of them.");
        using var keep1 = beta1.ToScalar();
        using var keep2 = beta2.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            var state = (State)_state[parameter.Handle];
            state.step++;
            var correction1 = 1 - Math.Pow(beta1, state.step);
            var correction2 = 1 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(keep1).add_(gradient, take1);
            // TorchSharp multiplies by the gradient's conjugate; GanLab's tensors are real, where that is the gradient.
            state.exp_avg_sq.mul_(keep2).addcmul_(gradient, gradient, take2);
            using var root = Math.Sqrt(correction2).ToScalar();
            using var stepSize = (-(options.LearningRate!.Value / correction1)).ToScalar();
            using var squareRoot = state.exp_avg_sq.sqrt();
            // add_(epsilon) alone would make its alpha, 1, a fresh unheld Scalar (CI on 2026-12-07 failed here).
            using var denominator = squareRoot.div(root).add_(epsilon, HeldScalars.One);
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
