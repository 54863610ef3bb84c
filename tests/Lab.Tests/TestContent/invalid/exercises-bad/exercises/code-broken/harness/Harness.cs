public static class BrokenHarness
{
    [HarnessOperation("declared")]
    public static JsonNode? Declared(JsonNode? input, HarnessContext context) => input;
}
