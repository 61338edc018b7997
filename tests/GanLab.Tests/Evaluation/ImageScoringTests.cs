using GanLab.Metrics;
using static TorchSharp.torch;

namespace GanLab.Tests.Evaluation;

public class ImageScoringTests
{
    [Fact]
    public void Should_score_confident_varied_predictions_at_the_class_count_and_one_class_at_one()
    {
        // Given one-hot predictions spread evenly over 10 classes, and all in class 3
        var varied = nn.functional.one_hot(arange(100) % 10, 10).to_type(ScalarType.Float32);
        var collapsed = nn.functional.one_hot(full(100, 3L), 10).to_type(ScalarType.Float32);

        Assert.Equal(10, ImageScoring.ClassifierScore(varied), 4);
        Assert.Equal(1, ImageScoring.ClassifierScore(collapsed), 4);
        Assert.Equal(0, ImageScoring.KlToUniform(ImageScoring.ClassHistogram(varied)), 10);
        Assert.Equal(Math.Log(10), ImageScoring.KlToUniform(ImageScoring.ClassHistogram(collapsed)), 10);
        Assert.Equal(1, ImageScoring.ConfidentShare(varied));
        // And uniform probabilities are neither confident nor informative
        var unsure = full(new long[] { 50, 10 }, 0.1f);
        Assert.Equal(0, ImageScoring.ConfidentShare(unsure));
        Assert.Equal(1, ImageScoring.ClassifierScore(unsure), 4);
    }

    [Fact]
    public void Should_find_copies_and_not_flag_unseen_images()
    {
        var evaluator = SharedClassifiers.Mnist;
        var training = evaluator.Data.Train.Images;
        var heldOut = evaluator.Data.Test.Images;
        // Given exact copies of training images, unseen real images and uniform noise as "generated" images
        var copies = training.narrow(0, 100, 200);
        var unseen = heldOut.narrow(0, 200, 200);
        var noise = rand(new long[] { 200, 1, 28, 28 }, generator: new Generator(5));

        // (the one-shot check, then a training set prepared once for the other two, as notebook 07 does)
        var copied = Memorisation.Check(copies, training, evaluator.Classifier);
        using var reference = Memorisation.Prepare(training, evaluator.Classifier);
        var real = reference.Check(unseen);
        var random = reference.Check(noise);

        // The prepared reference finds what the one-shot check finds
        var copiedAgain = reference.Check(copies);
        Assert.Equal((copied.CopyRate, copied.Threshold, copied.MedianRealDistance), (copiedAgain.CopyRate, copiedAgain.Threshold, copiedAgain.MedianRealDistance));
        Assert.Equal(copied.Neighbours.FeatureNearest, copiedAgain.Neighbours.FeatureNearest);
        Assert.Equal(copied.Neighbours.FeatureDistance, copiedAgain.Neighbours.FeatureDistance);

        Assert.Equal(1, copied.CopyRate);
        Assert.Equal(Enumerable.Range(100, 200).Select(index => (long)index), copied.Neighbours.PixelNearest);
        Assert.InRange(real.CopyRate, 0, 0.05);
        Assert.Equal(0, random.CopyRate);
        Assert.True(random.MedianGeneratedDistance > 2 * real.MedianGeneratedDistance);
        // Unseen real images lie about as far from the training set as training images lie from each other
        Assert.InRange(real.MedianGeneratedDistance, 0.8 * real.MedianRealDistance, 1.25 * real.MedianRealDistance);
    }

    [Fact]
    public void Should_embed_a_data_sets_reference_once_per_process_and_recompute_it_for_other_training_images()
    {
        // Given the shared MNIST evaluator and a second one built for the same data set and sample count
        var shared = SharedClassifiers.Mnist;
        using var second = ImageEvaluator.ForDataSet("mnist", sampleCount: 1000);

        // Then the second reuses the first's reference statistics (the same floor object) and scores alike
        Assert.Same(shared.Floor, second.Floor);
        var images = shared.Data.Test.Images.narrow(0, 1000, 300);
        Assert.Equal(shared.Score(images).ToMetrics(), second.Score(images).ToMetrics());

        // And the training set a memorisation check prepared outlives the dispose scope it was prepared in
        var training = shared.Data.Train.Images;
        var copies = training.narrow(0, 4000, 100);
        using (NewDisposeScope()) Memorisation.Check(copies, training, shared.Classifier);
        Assert.Equal(Enumerable.Range(4000, 100).Select(index => (long)index), Memorisation.Check(copies, training, shared.Classifier).Neighbours.PixelNearest);
        // ... and a check against other training images is not answered from the previous set
        var secondHalf = training.narrow(0, 4000, 4000);
        Assert.Equal(Enumerable.Range(0, 100).Select(index => (long)index), Memorisation.Check(copies, secondHalf, shared.Classifier).Neighbours.PixelNearest);
    }
}
