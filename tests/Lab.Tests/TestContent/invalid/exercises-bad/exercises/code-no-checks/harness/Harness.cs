public static class NoChecksHarness
{
    [HarnessOperation("any")]
    public static JsonNode? Any(JsonNode? input, HarnessContext context) => input;
}
