using GanLab.Models;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>The D-then-G step of <see cref="AdversarialPhase"/>, for every family whose G maps noise to samples D can
/// judge (MLP, DCGAN, conditional, toy, relaxed-text GRU).</summary>
internal sealed partial class AdversarialStep : TrainingStep
{
    private readonly AdversarialPhase phase;
    private readonly NetworkOptimizer generatorOptimizer;
    private readonly NetworkOptimizer discriminatorOptimizer;
    private readonly bool realNeedsGradients;
    private readonly bool onePass;

    public AdversarialStep(StepContext context, AdversarialPhase phase) : base(context)
    {
        this.phase = phase;
        var model = context.Model;
        var discriminator = model.Discriminator ?? throw new ArgumentException($"phase '{phase.Name}' is adversarial, but the model has no discriminator.", "model");
        generatorOptimizer = Optimizer("generator", model.Generator, phase.GeneratorOptimizer);
        discriminatorOptimizer = Optimizer("discriminator", discriminator, phase.DiscriminatorOptimizer);
        realNeedsGradients = Regularisers.NeedsRealGradients(phase.Regularisers);
        if (phase.OnePassDiscriminator && model.DiscriminatorUsesBatchStatistics)
            throw new ArgumentException($"training.phases.{phase.Name}.onePassDiscriminator: this D normalises with batch statistics (BatchNorm), so real and generated batches must pass through it separately.", "onePassDiscriminator");
        onePass = phase.OnePassDiscriminator;
        if (phase.Privacy is { } privacy) ledger = privacy.Method == PrivacyMethod.Discriminator ? PrivateLedger(privacy) : SanitisedLedger(privacy);
    }

    public override IReadOnlyDictionary<string, double> Run(int step, int stepInPhase)
    {
        ScheduleOptimizers(stepInPhase, phase.Steps);
        var measure = Context.MeasuresGradients(step);
        if (stepInPhase == 1)
            for (var repeat = 0; repeat < phase.DiscriminatorWarmupSteps; repeat++) UpdateDiscriminator(step, stepInPhase, false);
        var relaxed = Context.Model.Generator as IRelaxedGenerator;
        relaxed?.Anneal(stepInPhase, phase.Steps);
        (double Loss, double Real, double Fake, double GradientNorm) discriminator = default;
        for (var repeat = 0; repeat < phase.DiscriminatorSteps; repeat++) discriminator = UpdateDiscriminator(step, stepInPhase, measure);
        var generator = UpdateGenerator(step, stepInPhase, measure);
        var values = new Dictionary<string, double>(8)
        {
            [Columns.DiscriminatorLoss] = discriminator.Loss, [Columns.GeneratorLoss] = generator.Loss,
            [Columns.DiscriminatorReal] = discriminator.Real, [Columns.DiscriminatorFake] = discriminator.Fake,
            [Columns.GeneratorGradientNorm] = generator.GradientNorm, [Columns.DiscriminatorGradientNorm] = discriminator.GradientNorm,
        };
        if (relaxed is not null) values[Columns.Temperature] = relaxed.Temperature;
        // Every private update so far (D's, warm-up included, or G's) was one use of the private data; derived from the
        // step, so resume is exact.
        if (ledger is not null) values[Columns.Epsilon] = ledger.After(PrivateUpdates(stepInPhase)).Epsilon;
        return values;
    }

    // (1) Update D: maximise log D(x) + log(1 - D(G(z))) (or the chosen loss), G's output detached.
    private (double Loss, double Real, double Fake, double GradientNorm) UpdateDiscriminator(int step, int stepInPhase, bool measure)
    {
        if (phase.Privacy is { Method: PrivacyMethod.Discriminator }) return UpdateDiscriminatorPrivately(step, stepInPhase, measure);
        using var scope = NewDisposeScope();
        var model = Context.Model;
        var (batch, labels) = Context.Batches.NextLabelled();
        var real = model.PrepareReal(batch);
        Tensor fake;
        // Conditional GANs: the fake batch gets the real batch's labels, so both halves have the same class mix.
        using (no_grad()) fake = model.Generator.call(model.GeneratorInput(Context.Noise(real.shape[0]), labels));
        // R1 (R2) differentiates D's scores with respect to the real (generated) input, so that input must track gradients.
        // Lazy penalties skip most steps: inputs track gradients only on the steps that apply one.
        var realTracks = Regularisers.NeedsRealGradientsAt(phase.Regularisers, stepInPhase, phase.Steps);
        var fakeTracks = Regularisers.NeedsFakeGradientsAt(phase.Regularisers, stepInPhase, phase.Steps);
        if (realTracks) real = real.detach().requires_grad_(true);
        fake = fakeTracks ? fake.detach().requires_grad_(true) : fake.detach();
        Tensor Critic(Tensor samples) => model.Discriminator!.call(model.DiscriminatorInput(samples, labels));
        var (realScores, fakeScores) = Scores(AsJudged(real, stepInPhase), AsJudged(fake, stepInPhase), labels);
        var loss = Losses.Discriminator(phase.Loss, realScores, fakeScores, phase.RealLabel);
        var inputs = new PenaltyInputs(real, fake, realScores, fakeScores, Critic, Context.Random);
        // R1 with R2 (R3GAN): both gradient norms from one backward pass. Only without batch statistics, where each
        // score depends on its own sample alone.
        if (realTracks && fakeTracks && !model.DiscriminatorUsesBatchStatistics)
        {
            var (realNorms, fakeNorms) = Regularisers.PairedInputGradientNorms(realScores, real, fakeScores, fake);
            inputs = inputs with { RealGradientNorms = realNorms, FakeGradientNorms = fakeNorms };
        }
        foreach (var regulariser in phase.Regularisers)
        {
            var weight = regulariser.WeightAt(stepInPhase, phase.Steps);
            if (weight > 0) loss = loss + Regularisers.Penalty(regulariser.Kind, weight, inputs);
        }
        // One read from the device for the three numbers of the history row.
        var values = stack(new[] { loss.detach(), Losses.ReportedScore(phase.Loss, realScores), Losses.ReportedScore(phase.Loss, fakeScores) }).cpu().data<float>().ToArray();
        var (value, norm) = discriminatorOptimizer.Update(loss, values[0], step, Columns.DiscriminatorLoss, measure);
        return (value, values[1], values[2], norm);
    }

    // D's scores of a real and a generated batch: one pass over both where D has no batch statistics (fewer, larger
    // operations; every row's score is the same as in its own pass), two passes where BatchNorm needs each batch alone.
    private (Tensor Real, Tensor Fake) Scores(Tensor real, Tensor fake, Tensor? labels)
    {
        var model = Context.Model;
        if (!onePass) return (model.Discriminator!.call(model.DiscriminatorInput(real, labels)), model.Discriminator.call(model.DiscriminatorInput(fake, labels)));
        var both = model.Discriminator!.call(model.DiscriminatorInput(cat(new[] { real, fake }), labels is null ? null : cat(new[] { labels, labels })));
        var half = both.shape[0] / 2;
        return (both.narrow(0, 0, half), both.narrow(0, half, half));
    }

    // (2) Update G: make D score G(z) as real, gradients flowing through D into G.
    private (double Loss, double GradientNorm) UpdateGenerator(int step, int stepInPhase, bool measure)
    {
        using var scope = NewDisposeScope();
        var model = Context.Model;
        Tensor? real = null, labels = null;
        // Relativistic losses compare G's samples with real ones: a real batch, whose classes the fake batch takes.
        if (Losses.GeneratorNeedsRealScores(phase.Loss))
        {
            var (batch, batchLabels) = Context.Batches.NextLabelled();
            (real, labels) = (model.PrepareReal(batch), batchLabels);
        }
        else if (model.IsConditional) labels = randint(model.ClassCount, new long[] { Context.Plan.BatchSize }, generator: Context.Random).to(Context.Device);
        var fake = model.Generator.call(model.GeneratorInput(Context.Noise(Context.Plan.BatchSize), labels));
        var sanitised = phase.Privacy is { Method: PrivacyMethod.GeneratorGradient };
        // GS-WGAN judges a detached copy, so that the gradient at the samples can be sanitised before it enters G.
        var judged = sanitised ? fake.detach().requires_grad_(true) : fake;
        // G's update needs gradients at D's input, not of D's weights: D's parameters stop tracking for the pass (its
        // weight gradients were thrown away before D's next update anyway), and the real scores, which do not depend on
        // G, are computed without a graph.
        using var frozen = new FrozenParameters(model.Discriminator!);
        var fakeScores = model.Discriminator!.call(model.DiscriminatorInput(AsJudged(judged, stepInPhase), labels));
        Tensor? realScores = null;
        if (real is not null)
            using (no_grad()) realScores = model.Discriminator.call(model.DiscriminatorInput(AsJudged(real, stepInPhase), labels));
        var loss = Losses.Generator(phase.Loss, fakeScores, realScores);
        return sanitised ? UpdateGeneratorThroughSanitiser(loss, fake, judged, step, measure) : generatorOptimizer.Update(loss, step, Columns.GeneratorLoss, measure);
    }

    // What D sees of a batch: augmented (DiffAugment), then with instance noise.
    private Tensor AsJudged(Tensor samples, int stepInPhase)
    {
        if (phase.Augmentation is { } augmentation) samples = augmentation.Apply(samples, Context.Random);
        var deviation = phase.InstanceNoiseAt(stepInPhase);
        if (deviation <= 0) return samples;
        return samples + deviation * randn(samples.shape, generator: Context.Random).to(samples.device);
    }
}
