namespace Workbench.Lab.Training.Corpus;

/// <summary>The phrasing templates of the corpus. Slots: <c>{city}</c>, <c>{unit}</c> (a temperature unit as the
/// user says it), <c>{e}</c> (an arithmetic phrase), <c>{value}</c>, <c>{from}</c>, <c>{to}</c>, <c>{query}</c>.
/// Each list is split into train and held-out parts by <see cref="CorpusPool"/>.</summary>
internal static class CorpusPhrasings
{
    public static readonly string[] Weather =
    [
        "What's the weather in {city}?", "What is the weather like in {city}?", "How's the weather in {city} today?",
        "weather in {city}", "weather {city}", "{city} weather?", "Is it raining in {city}?", "Is it cold in {city} right now?",
        "Tell me the current weather in {city}.", "Could you check the weather in {city} for me?", "Can you tell me what the weather is doing in {city}?",
        "Please get the weather for {city}.", "I'd like to know the weather in {city}.", "What's it like outside in {city}?",
        "Do I need an umbrella in {city} today?", "How warm is it in {city}?", "What's the temperature in {city}?",
        "current conditions in {city}?", "Give me the weather report for {city}.", "Check {city} weather please",
        "Any idea what the weather is in {city}?", "Is it sunny in {city}?", "hows the weather in {city}",
        "What are the weather conditions in {city} at the moment?", "I'm heading to {city} later. What's the weather there?",
        "Look up the weather in {city}.", "Get me the forecast for {city} right now.", "how hot is it in {city}",
        "Is it windy in {city} today?", "Would you mind checking the weather in {city}?", "What's the weather doing over in {city}?",
        "My friend lives in {city}. How's the weather there?", "Find out the current weather in {city}.", "temperature {city}?",
        "What kind of weather is {city} having?", "Should I wear a jacket in {city} today?", "is it snowing in {city}?",
        "Weather check: {city}.", "Can I get the weather in {city}, please?", "What's the current temperature and sky in {city}?",
    ];

    public static readonly string[] WeatherWithUnit =
    [
        "What's the weather in {city} in {unit}?", "Weather in {city}, in {unit} please.", "How warm is it in {city}? Give it in {unit}.",
        "Tell me the temperature in {city} in {unit}.", "{city} weather in {unit}", "Check the weather in {city} and use {unit}.",
        "What is the temperature in {city} in {unit}?", "Can you get the weather for {city} in {unit}?", "weather {city} {unit}",
        "I'd like the weather in {city}, temperatures in {unit}.", "How's the weather in {city}? I prefer {unit}.",
        "Please show the current weather in {city} in {unit}.", "In {unit}, what's the temperature in {city}?",
        "Could you check {city}'s weather in {unit}?", "Get me {city}'s temperature in {unit}.", "how cold is {city} in {unit}",
        "What's it like in {city} right now? Use {unit}.", 
        "Is it warm in {city}? Answer in {unit}.", "Look up the weather in {city} (in {unit}).",
    ];

    public static readonly string[] Time =
    [
        "What time is it in {city}?", "What's the time in {city}?", "time in {city}", "{city} time?", "What is the local time in {city}?",
        "Can you tell me the current time in {city}?", "Could you check what time it is in {city}?", "Please get the time in {city}.",
        "I need the time in {city}.", "What's the clock showing in {city} right now?", "Is it morning or evening in {city} now?",
        "What day and time is it in {city}?", "current time {city}", "how late is it in {city}", "Tell me the local time in {city}.",
        "My sister is in {city}. What time is it there?", "I have a call with someone in {city}. What time is it there now?",
        "Look up the time in {city}.", "What hour is it in {city}?", "Do you know what time it is in {city}?",
        "whats the time in {city}", "Give me the current local time for {city}.", "Check the time in {city} please.",
        "What time zone is {city} in, and what time is it there?", "Is it already tomorrow in {city}?", "Time check for {city}?",
        "Would you find the local time in {city}?", "What's the date and time in {city} now?", "Can I get the time in {city}?",
        "Is it late at night in {city} right now?", "I'm about to text a friend in {city}. What time is it over there?",
        "Find the current time in {city}.",
    ];

    /// <summary>Frames around an arithmetic phrase <c>{e}</c>.</summary>
    public static readonly string[] CalculateFrames =
    [
        "What is {e}?", "What's {e}?", "Calculate {e}.", "Compute {e}", "Can you work out {e}?", "{e} = ?", "How much is {e}?",
        "Please evaluate {e}.", "quick math: {e}", "Solve {e}.", "I need the result of {e}.", "Tell me what {e} comes to.",
        "what is {e}", "{e}?", "Could you calculate {e} for me?", "Help me with this: {e}", "What do you get for {e}?",
        "Work out {e}, please.", "Do the math: {e}", "Figure out {e}.", "calc {e}", "Can you compute {e}?",
        "What does {e} equal?", "Evaluate {e}", "Give me the answer to {e}.", "I'm checking my homework. What is {e}?",
        "Mental math is hard. What's {e}?", "Result of {e}?",
    ];

    /// <summary>Whole calculation requests: (text, expression), slots <c>{a}</c>, <c>{b}</c>, <c>{c}</c>.</summary>
    public static readonly (string Text, string Expression)[] CalculateWhole =
    [
        ("Add {a} and {b}.", "{a} + {b}"), ("add {a} to {b}", "{b} + {a}"), ("What is the sum of {a} and {b}?", "{a} + {b}"),
        ("Subtract {b} from {a}.", "{a} - {b}"), ("What's the difference between {a} and {b}?", "{a} - {b}"),
        ("Multiply {a} by {b}.", "{a} * {b}"), ("What is the product of {a} and {b}?", "{a} * {b}"), ("multiply {a} and {b}", "{a} * {b}"),
        ("Divide {a} by {b}.", "{a} / {b}"), ("What is {a} divided by {b}?", "{a} / {b}"), ("How many times does {b} go into {a}?", "{a} / {b}"),
        ("What's {a} to the power of {c}?", "{a} ** {c}"), ("Raise {a} to the power {c}.", "{a} ** {c}"), ("{a} squared?", "{a} ** 2"),
        ("What is {a} cubed?", "{a} ** 3"), ("What is the square root of {a}?", "Sqrt({a})"), ("square root of {a}", "Sqrt({a})"),
        ("What's {c}% of {a}?", "{a} * {c} / 100"), ("Calculate {c} percent of {a}.", "{a} * {c} / 100"),
        ("What is the remainder of {a} divided by {b}?", "{a} % {b}"), ("{a} mod {b}?", "{a} % {b}"),
        ("Add {a} and {b}, then multiply by {c}.", "({a} + {b}) * {c}"), ("What is {a} plus {b}, times {c}?", "({a} + {b}) * {c}"),
        ("Take {a}, subtract {b}, and divide by {c}.", "({a} - {b}) / {c}"), ("What's the average of {a} and {b}?", "({a} + {b}) / 2"),
        ("Split {a} evenly among {c} people. How much each?", "{a} / {c}"), ("If I have {a} and spend {b}, how much is left?", "{a} - {b}"),
        ("I bought {c} items at {a} each. What's the total?", "{c} * {a}"), ("Double {a}.", "{a} * 2"), ("What is half of {a}?", "{a} / 2"),
    ];

    public static readonly string[] Convert =
    [
        "Convert {value} {from} to {to}.", "How many {to} is {value} {from}?", "What is {value} {from} in {to}?", "{value} {from} to {to}",
        "{value} {from} in {to}?", "Can you convert {value} {from} into {to}?", "Please convert {value} {from} to {to}.",
        "I need {value} {from} expressed in {to}.", "How much is {value} {from} in {to}?", "Change {value} {from} to {to}.",
        "convert {value} {from} -> {to}", "What's {value} {from} in {to}?", "Could you turn {value} {from} into {to} for me?",
        "The recipe says {value} {from}. How many {to} is that?", "My car did {value} {from}. What's that in {to}?",
        "How many {to} are in {value} {from}?", "Express {value} {from} in {to}.", "unit conversion: {value} {from} to {to}",
        "Translate {value} {from} to {to}, please.", "What does {value} {from} come to in {to}?", "{value} {from} = ? {to}",
        "Is {value} {from} a lot of {to}? Convert it.", "Give me {value} {from} in {to}.", "Quick conversion: {value} {from} into {to}",
        "I have {value} {from}. Convert that to {to}.", "convert {value}{from} to {to}", "Would you convert {value} {from} to {to}?",
        "What's the equivalent of {value} {from} in {to}?", "How much {to} is {value} {from}?", "Please change {value} {from} into {to}.",
    ];

    public static readonly string[] Search =
    [
        "Search the files for {query}.", "Find {query} in the lab files.", "Which files mention {query}?", "grep for {query}",
        "Look up \"{query}\" in the docs.", "Search for \"{query}\".", "Where is {query} mentioned?", "find files about {query}",
        "Can you search the lab folder for {query}?", "Please look for {query} in the files.", "search {query}",
        "Is there anything about {query} in the lab?", "Where do the labs talk about {query}?", "Find the file that has {query}.",
        "I'm looking for notes on {query}. Can you search?", "Search the lab content for '{query}'.", "Any files with {query} in them?",
        "Locate {query} in the lab files.", "Look through the files for {query}.", "Could you find where {query} is explained?",
        "Which lab covers {query}?", "Search: {query}", "Do the files say anything about {query}?", "find {query}",
        "I need to find {query} in the course files.", "Show me matches for {query}.", "Where can I read about {query}?",
        "Search the workspace for {query}, please.", "Hunt down {query} in the docs.", "Look for the word {query} in the files.",
    ];

    /// <summary>Small talk: (user, assistant), never a tool call.</summary>
    public static readonly (string User, string Reply)[] SmallTalk =
    [
        ("Hi!", "Hello! How can I help you today?"), ("hello", "Hi there! What can I do for you?"), ("Hey, how are you?", "I'm doing well, thanks for asking. How can I help?"),
        ("Good morning!", "Good morning! What would you like to do?"), ("thank you so much", "You're very welcome. Happy to help!"),
        ("Who are you?", "I'm a small assistant that can use the tools this lab gives me."), ("What can you do?", "I can answer short questions and use the tools I'm given when they fit."),
        ("Tell me a joke.", "Why did the computer go to the doctor? It had a virus."), ("Can you tell me a fun fact?", "Octopuses have three hearts."),
        ("I'm bored.", "How about a short walk or a new book?"), ("Goodbye!", "Goodbye! Have a great day."), ("bye", "Bye! Take care."),
        ("What's your name?", "I'm the workbench's tool assistant."), ("Are you a robot?", "I'm a small language model, not a robot."),
        ("Write a haiku about the sea.", "Waves fold into foam,\nsalt wind carries gull voices,\nthe tide keeps its time."),
        ("Give me a word that rhymes with cat.", "Hat."), ("Say something nice.", "You're doing great. Keep going!"),
        ("How was your day?", "Every day is a good day for answering questions. How was yours?"), ("Nice to meet you.", "Nice to meet you too!"),
        ("I feel tired today.", "Sorry to hear that. A short break and a glass of water can help."), ("ok", "Okay! Let me know if you need anything."),
        ("Can you keep a secret?", "I don't remember anything after our chat, so your secret is safe."), ("Do you like music?", "I can't listen to music, but I like talking about it."),
        ("Recommend a book.", "Try \"The Hobbit\" by J. R. R. Tolkien."), ("What's a good name for a cat?", "How about Miso?"),
        ("Good night", "Good night! Sleep well."), ("lol", "Glad that made you smile."), ("Help", "Sure. Tell me what you need and I'll do my best."),
        ("Tell me something interesting.", "Honey never spoils; edible honey has been found in ancient tombs."), ("Can you sing?", "I can't sing, but I can write you some lyrics."),
        ("What should I cook tonight?", "A simple pasta with garlic, olive oil and vegetables is quick and tasty."), ("Give me a motivational quote.", "\"It always seems impossible until it's done.\" - Nelson Mandela"),
        ("Translate hello to Spanish.", "Hola."), ("Spell 'necessary'.", "N-E-C-E-S-S-A-R-Y."), ("Summarize: the meeting moved to Friday.", "The meeting is now on Friday."),
        ("Is this thing on?", "Yes, I'm here. How can I help?"), ("You're great.", "Thank you! You're kind."), ("What's up?", "Not much, just ready to help. What do you need?"),
        ("Can you explain what a tool call is?", "A tool call is when I ask a program to do a task, like checking the weather, and then use its result in my answer."),
    ];

    /// <summary>Facts a model answers from what it knows, no tool: (user, assistant).</summary>
    public static readonly (string User, string Reply)[] Facts =
    [
        ("What is the capital of France?", "The capital of France is Paris."), ("What's the capital of Japan?", "Tokyo is the capital of Japan."),
        ("What is the capital of Italy?", "Rome is the capital of Italy."), ("What's the capital of Canada?", "Ottawa is the capital of Canada."),
        ("What is the capital of Australia?", "Canberra is the capital of Australia."), ("What's the capital of Kenya?", "Nairobi is the capital of Kenya."),
        ("What is the capital of Brazil?", "Brasília is the capital of Brazil."), ("Which city is the capital of Norway?", "Oslo is the capital of Norway."),
        ("Who wrote Romeo and Juliet?", "William Shakespeare wrote Romeo and Juliet."), ("Who painted the Mona Lisa?", "Leonardo da Vinci painted the Mona Lisa."),
        ("How many continents are there?", "There are seven continents."), ("How many days are in a leap year?", "A leap year has 366 days."),
        ("What is the largest planet?", "Jupiter is the largest planet in our solar system."), ("What planet is closest to the sun?", "Mercury is the closest planet to the sun."),
        ("What is H2O?", "H2O is water: two hydrogen atoms and one oxygen atom."), ("What gas do plants take in?", "Plants take in carbon dioxide."),
        ("How many legs does a spider have?", "A spider has eight legs."), ("What is the boiling point of water at sea level?", "Water boils at 100 °C at sea level."),
        ("Who was the first person on the moon?", "Neil Armstrong was the first person to walk on the moon, in 1969."), ("What language is spoken in Brazil?", "Portuguese is the main language of Brazil."),
        ("What is the longest river in Africa?", "The Nile is the longest river in Africa."), ("What is the tallest mountain on Earth?", "Mount Everest is the tallest mountain above sea level."),
        ("How many sides does a hexagon have?", "A hexagon has six sides."), ("What does CPU stand for?", "CPU stands for central processing unit."),
        ("What does HTML stand for?", "HTML stands for HyperText Markup Language."), ("Who invented the telephone?", "Alexander Graham Bell is credited with inventing the telephone."),
        ("What is the chemical symbol for gold?", "The chemical symbol for gold is Au."), ("What is the freezing point of water in Celsius?", "Water freezes at 0 °C."),
        ("What ocean is the largest?", "The Pacific is the largest ocean."), ("What is a noun?", "A noun is a word for a person, place, thing or idea."),
        ("What is photosynthesis?", "Photosynthesis is how plants turn light, water and carbon dioxide into sugar and oxygen."), ("Why is the sky blue?", "Air scatters blue light more than red light, so the sky looks blue."),
        ("What is a prime number?", "A prime number has exactly two divisors: 1 and itself."), ("What is an LLM?", "An LLM is a large language model: a neural network trained to predict the next token of text."),
        ("What is a token?", "A token is a piece of text, often part of a word, that a language model reads and writes."), ("What is gravity?", "Gravity is the force that pulls masses toward each other."),
        ("How many minutes are in an hour?", "There are 60 minutes in an hour."), ("What is the main ingredient of guacamole?", "Avocado is the main ingredient of guacamole."),
        ("Who discovered penicillin?", "Alexander Fleming discovered penicillin in 1928."), ("What is the smallest prime number?", "2 is the smallest prime number."),
        ("What is JSON?", "JSON is a text format for data: objects, arrays, strings, numbers, true, false and null."), ("In which country is the Eiffel Tower?", "The Eiffel Tower is in France."),
        ("What is the fastest land animal?", "The cheetah is the fastest land animal."), ("How many strings does a violin have?", "A violin has four strings."),
        ("What is the opposite of hot?", "Cold."), ("What color do you get by mixing blue and yellow?", "Blue and yellow make green."),
    ];

    /// <summary>Replies when the user asks for a tool's task but that tool is not offered, by tool name.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Unavailable = new Dictionary<string, string[]>
    {
        ["get_weather"] =
        [
            "I can't check the weather here: none of my tools gives weather data.", "Sorry, I don't have a weather tool in this chat, so I can't look that up.",
            "I have no way to get the current weather right now.", "I can't see live weather without a weather tool.",
        ],
        ["get_time"] =
        [
            "I can't look up the time here: no clock tool is available.", "Sorry, I don't have a time tool in this chat, so I can't tell the local time.",
            "I have no way to check the current time right now.", "Without a time tool I can't tell you the local time.",
        ],
        ["calculate"] =
        [
            "I don't have a calculator tool here, so I'd rather not guess the exact result.", "Sorry, no calculator is available in this chat.",
            "I can't run that calculation without a calculator tool.", "I have no calculator tool right now; please use one to be sure.",
        ],
        ["convert_units"] =
        [
            "I don't have a unit conversion tool here, so I can't convert that reliably.", "Sorry, no conversion tool is available in this chat.",
            "I can't convert units without the conversion tool.", "I have no unit converter right now.",
        ],
        ["search_files"] =
        [
            "I can't search the files here: no search tool is available.", "Sorry, I don't have a file search tool in this chat.",
            "I have no way to search the lab files right now.", "Without a search tool I can't look through the files.",
        ],
    };

    public static readonly string[] SystemPrompts =
    [
        "You are a helpful assistant.", "You are a helpful assistant with access to tools.", "You are a concise assistant. Use a tool when it helps.",
        "You are the lab's tool assistant. Call a tool when the user's request needs one; otherwise answer directly.",
        "You are a friendly assistant. Keep answers short.", "Answer briefly. Use the functions provided when they fit the request.",
        "You help students in the LLM workbench.", "You are a careful assistant: only call a tool when it matches the request.",
    ];

    /// <summary>Extra context before a request.</summary>
    public static readonly string[] Prefixes =
    [
        "Quick question: ", "Hey! ", "Hi, ", "Hello. ", "Sorry to bother you, ", "I'm planning my day. ", "Okay, next one. ",
        "For a report I'm writing: ", "Just curious, ", "Hey assistant, ", "One more thing: ", "Morning! ", "Please help. ",
        "I'm travelling this week. ", "My boss asked me this. ", "Random question, ",
    ];

    /// <summary>Extra context after a request.</summary>
    public static readonly string[] Suffixes =
    [
        " Thanks!", " Thank you.", " Cheers.", " Please.", " Thanks in advance!", " I need it quickly.", " :)", " Much appreciated.",
        " It's for a class.", " No rush.", " ty", " Thx.",
    ];

    /// <summary>Polite wrappers: the request's first letter is lower-cased when inserted.</summary>
    public static readonly string[] PoliteWrappers = ["Could you please help me with this: {r}", "Please, {r}", "If you don't mind: {r}", "I was wondering, {r}"];

    /// <summary>Second-turn thanks and their replies.</summary>
    public static readonly (string User, string Reply)[] Thanks =
    [
        ("Thanks!", "You're welcome!"), ("Great, thank you.", "Glad I could help."), ("perfect", "Happy to help!"), ("Cool, thanks.", "Any time!"),
        ("That's all, thanks.", "You're welcome. Have a good day!"), ("ok thx", "You're welcome!"),
    ];

    /// <summary>Follow-ups that reuse the previous tool with a new city.</summary>
    public static readonly string[] CityFollowUps = ["And in {city}?", "What about {city}?", "How about {city}?", "and {city}?", "Same for {city}, please."];
}
