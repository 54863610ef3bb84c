using System.Text.Json.Nodes;
using Workbench.LabSdk;

public static class HelloHarness
{
    [HarnessOperation("hello")]
    public static JsonNode? Hello(JsonNode? input, HarnessContext context) => Solution.Hello();
}
