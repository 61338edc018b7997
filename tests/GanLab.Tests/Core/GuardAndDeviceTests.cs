using GanLab.Core;

namespace GanLab.Tests.Core;

public class GuardAndDeviceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-2e-4)]
    [InlineData(double.NaN)]
    public void Should_name_the_field_when_a_value_is_not_positive(double value)
    {
        var error = Assert.Throws<ArgumentException>(() => Guard.Positive(value, "LearningRate"));
        Assert.StartsWith("learningRate must be a positive number", error.Message);
    }

    [Fact]
    public void Should_say_in_one_line_that_cuda_is_missing_on_a_cpu_build()
    {
        // Given this CPU-only test build (TorchBackend=cpu), When CUDA is asked for
        var error = Assert.Throws<ArgumentException>(() => Devices.Parse("cuda"));

        // Then the message says what to do, on one line
        Assert.Contains("TorchBackend=cuda-linux", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_reject_an_unknown_device_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Devices.Parse("tpu"));
        Assert.Contains("'tpu'", error.Message);
    }
}
