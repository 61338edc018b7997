using GanLab.Data;

namespace GanLab.Tests.Data;

public class VocabularyTests
{
    [Fact]
    public void Should_number_special_tokens_first_then_characters_by_frequency()
    {
        var vocabulary = Vocabulary.Build(new[] { "abca", "cab" }, TokenLevel.Character);

        // a: 3, b: 2, c: 2 (b seen first)
        Assert.Equal(new[] { "<pad>", "<s>", "</s>", "<unk>", "a", "b", "c" }, vocabulary.Tokens);
    }

    [Fact]
    public void Should_encode_with_end_and_padding_and_decode_back()
    {
        var vocabulary = Vocabulary.Build(new[] { "兰叶春葳蕤，桂华秋皎洁。" }, TokenLevel.Character);

        var ids = vocabulary.Encode("兰叶春", 6);

        Assert.Equal(new[] { vocabulary.Id("兰"), vocabulary.Id("叶"), vocabulary.Id("春"), vocabulary.EndId, vocabulary.PaddingId, vocabulary.PaddingId }, ids);
        Assert.Equal("兰叶春", vocabulary.Decode(ids));
    }

    [Fact]
    public void Should_map_unseen_and_rare_tokens_to_unknown()
    {
        var vocabulary = Vocabulary.Build(new[] { "the cat", "the dog", "the cat" }, TokenLevel.Word, maximumSize: 6);

        Assert.Equal(6, vocabulary.Size); // 4 special + "the" + "cat"; "dog" was cut
        Assert.Equal(vocabulary.UnknownId, vocabulary.Id("dog"));
        Assert.Equal("the <unk>", vocabulary.Decode(vocabulary.Encode("the zebra", 4)));
    }

    [Fact]
    public void Should_ship_the_Tang_lines_and_English_words_with_their_shape()
    {
        var poems = TextCorpus.TangPoemLines();
        var words = TextCorpus.EnglishWords();

        Assert.Equal(652, poems.Lines.Count);
        Assert.All(poems.Lines, line => Assert.Matches("^\\p{IsCJKUnifiedIdeographs}{5}，\\p{IsCJKUnifiedIdeographs}{5}。$", line));
        Assert.Equal(10_455, words.Lines.Count);
        Assert.All(words.Lines, word => Assert.Matches("^[a-z]{3,10}$", word));
        var (training, heldOut) = poems.Split(0.1, seed: 3);
        Assert.Equal(587, training.Lines.Count);
        Assert.Equal(65, heldOut.Lines.Count);
        Assert.Empty(training.Lines.Intersect(heldOut.Lines));
    }
}
