using System.Text;
using Workbench.Engine.Training.Tokenization;

namespace Workbench.Engine.Tests.Training.Tokenization;

/// <summary>A small seeded corpus shaped like the chat model's (ChatML turns, tool calls, numbers), and the chat
/// model's special tokens.</summary>
public static class TokenizerCorpus
{
    /// <summary>The special tokens of the workbench's chat model, in vocabulary order.</summary>
    public static readonly IReadOnlyList<(string Text, GgufTokenType Type)> ChatSpecials =
    [
        ("<|endoftext|>", GgufTokenType.Control),
        ("<|im_start|>", GgufTokenType.Control),
        ("<|im_end|>", GgufTokenType.Control),
        ("<tool_call>", GgufTokenType.UserDefined),
        ("</tool_call>", GgufTokenType.UserDefined),
        ("<tool_response>", GgufTokenType.UserDefined),
        ("</tool_response>", GgufTokenType.UserDefined),
    ];

    private static readonly string[] Cities = ["Paris", "Berlin", "Tokyo", "Lisbon", "Nairobi", "Lima", "Oslo", "Cairo"];
    private static readonly string[] Asks =
    [
        "What is the weather in {0}?", "How warm is it in {0} today?", "Tell me the weather for {0}, please.",
        "What time is it in {0}?", "Is it raining in {0} right now?",
    ];

    /// <summary><paramref name="conversations"/> ChatML conversations from a seeded generator.</summary>
    public static List<string> Conversations(int conversations, int seed = 7)
    {
        var random = new Random(seed);
        var texts = new List<string>(conversations);
        for (int i = 0; i < conversations; i++)
        {
            string city = Cities[random.Next(Cities.Length)];
            int degrees = random.Next(-20, 45);
            var sb = new StringBuilder();
            sb.Append("<|im_start|>system\nYou are a helpful assistant with tools.<|im_end|>\n");
            sb.Append("<|im_start|>user\n").AppendFormat(Asks[random.Next(Asks.Length)], city).Append("<|im_end|>\n");
            sb.Append("<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"")
                .Append(city).Append("\"}}\n</tool_call><|im_end|>\n");
            sb.Append("<|im_start|>user\n<tool_response>\n{\"temperature\": ").Append(degrees)
                .Append(", \"unit\": \"celsius\"}\n</tool_response><|im_end|>\n");
            sb.Append("<|im_start|>assistant\nThe weather in ").Append(city).Append(" is ").Append(degrees)
                .Append(" degrees celsius.<|im_end|>\n<|endoftext|>");
            texts.Add(sb.ToString());
        }
        return texts;
    }

    /// <summary>Options for the chat model's tokenizer at a small size.</summary>
    public static BpeTrainingOptions ChatOptions(int vocabSize = 512) =>
        new() { VocabSize = vocabSize, SpecialTokens = ChatSpecials, MinFrequency = 2 };

    /// <summary>A vocabulary trained on <see cref="Conversations"/> with Bos = &lt;|endoftext|&gt;, Eos = &lt;|im_end|&gt;.</summary>
    public static BpeVocabulary TrainChatVocabulary(int vocabSize = 512, int conversations = 300)
    {
        var vocabulary = BpeTokenizerTrainer.Train(Conversations(conversations), ChatOptions(vocabSize));
        vocabulary.Bos = vocabulary.SpecialId("<|endoftext|>");
        vocabulary.Eos = vocabulary.SpecialId("<|im_end|>");
        vocabulary.Pad = vocabulary.SpecialId("<|endoftext|>");
        return vocabulary;
    }
}
