public static class Checks
{
    [Check("declared")] public static void Declared(CheckContext context) { context.CallAsync("missing-op"); }
    [Check("negative")] public static void Negative(CheckContext context) { }
    [Check("zero-trials")] public static void ZeroTrials(CheckContext context) { }
    [Check("threshold")] public static void Threshold(CheckContext context) { }
    [Check("typo")] public static void Typo(CheckContext context) { }
    // Check("undeclared") is only mentioned in a comment.
}
