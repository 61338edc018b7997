using GanLab.Metrics;
using GanLab.Core;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Tests.Evaluation;

public class ClassifierCacheTests
{
    // A classifier trained on 2,000 images once: enough to exercise saving and loading in seconds.
    private static FeatureClassifier QuickClassifier(ClassifierData data) =>
        FeatureClassifier.Train(data, settings: new ClassifierTraining { ImagesSeen = 2000, MinimumEpochs = 1 });

    [Fact]
    public void Should_train_the_mnist_classifier_above_99_percent_and_record_it()
    {
        var evaluator = SharedClassifiers.Mnist;

        Assert.True(evaluator.Classifier.TestAccuracy >= 0.99, $"MNIST classifier test accuracy {evaluator.Classifier.TestAccuracy:P2}");
        Assert.Equal(evaluator.Data.Fingerprint, evaluator.Classifier.Record.Fingerprint);
        Assert.Equal(evaluator.Data.Test.Count, evaluator.Classifier.Record.TestCount);
        // And the cache holds exactly that classifier with its accuracy
        using var cached = FeatureClassifier.Load(FeatureClassifier.CachePath("mnist"), evaluator.Data.Fingerprint);
        Assert.Equal(evaluator.Classifier.TestAccuracy, cached.TestAccuracy);
        Assert.Equal(evaluator.Classifier.Accuracy(evaluator.Data.Test.Images, evaluator.Data.Test.Labels), cached.Accuracy(evaluator.Data.Test.Images, evaluator.Data.Test.Labels));
    }

    [Fact]
    public void Should_refuse_a_cache_trained_on_other_data_or_of_another_kind()
    {
        using var data = ClassifierData.Load("mnist");
        using var classifier = QuickClassifier(data);
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        var path = FeatureClassifier.CachePath("mnist", folder);
        classifier.Save(path);

        // Given the right fingerprint it loads and classifies as before
        using (var loaded = FeatureClassifier.Load(path, data.Fingerprint))
            Assert.Equal(classifier.Accuracy(data.Test.Images, data.Test.Labels), loaded.Accuracy(data.Test.Images, data.Test.Labels));
        // Stale: trained on other data
        var stale = Assert.Throws<InvalidDataException>(() => FeatureClassifier.Load(path, new string('0', 64)));
        Assert.Contains("trained on other mnist data", stale.Message);
        Assert.Contains(path, stale.Message);
        // Foreign: a GanLab checkpoint that is not a classifier
        var foreign = Path.Combine(folder, "foreign.ganlab");
        CheckpointFile.Write(foreign, new CheckpointContent { Kind = "run" });
        Assert.Contains("not a feature classifier", Assert.Throws<InvalidDataException>(() => FeatureClassifier.Load(foreign, data.Fingerprint)).Message);
        // Damaged: one flipped byte
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("damaged", Assert.Throws<InvalidDataException>(() => FeatureClassifier.Load(path, data.Fingerprint)).Message);
    }

    [Fact]
    public void Should_retrain_instead_of_trusting_a_stale_cache()
    {
        using var data = ClassifierData.Load("mnist");
        using var temporary = new TemporaryFolder();
        var folder = temporary.Path;
        var path = FeatureClassifier.CachePath("mnist", folder);
        // Given a cache file of another kind at the classifier's path
        CheckpointFile.Write(path, new CheckpointContent { Kind = "something-else" });
        var messages = new List<string>();

        // When the classifier is asked for (with a short training recipe to keep the test fast)
        using var classifier = FeatureClassifier.ForDataSet(data, messages.Add, folder, new ClassifierTraining { ImagesSeen = 2000, MinimumEpochs = 1 });

        // Then it said why it did not use the file, trained, and replaced the file with a loadable classifier
        Assert.Contains(messages, message => message.Contains("not using the cached classifier") && message.Contains(path));
        using var reloaded = FeatureClassifier.Load(path, data.Fingerprint);
        Assert.Equal(classifier.TestAccuracy, reloaded.TestAccuracy);
    }
}
