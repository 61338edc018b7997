using GanLab.Core;

namespace GanLab.Training;

/// <summary>How a setting changes over a phase, as a factor of its starting value: 1 until <see cref="Start"/> (a
/// fraction of the phase's steps), then linear (or half a cosine) to <see cref="Final"/> at the phase's last step.
/// The factor depends only on the step and the phase's planned length, so a run stopped and resumed follows the same
/// schedule as a straight run.</summary>
/// <param name="Start">Fraction of the phase after which the factor starts to move (0 = at once).</param>
/// <param name="Final">Factor at the last step (0.1 = a tenth of the start value; above 1 = rising, e.g. Adam's beta2).</param>
/// <param name="Cosine">Half a cosine instead of a straight line between start and end.</param>
public sealed record Schedule(double Start = 0, double Final = 1, bool Cosine = false)
{
    /// <summary>Throws naming the field that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.InRange(Start, 0, 1, $"{owner}.start");
        Guard.InRange(Final, 0, 1e6, $"{owner}.final");
    }

    /// <summary>The factor at 1-based <paramref name="step"/> of a phase of <paramref name="steps"/> steps.</summary>
    public double Factor(int step, int steps)
    {
        var start = Start * steps;
        if (Start >= 1 || step <= start) return 1;
        var progress = Math.Min(1, (step - start) / Math.Max(1, steps - start));
        if (Cosine) progress = (1 - Math.Cos(Math.PI * progress)) / 2;
        return 1 - progress * (1 - Final);
    }
}
