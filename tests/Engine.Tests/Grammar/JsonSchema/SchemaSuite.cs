using System.Text.Json;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>The converter's test schemas, by name: one per feature of the supported subset (the lecture's Location
/// example first). Each is converted, parsed by llama.cpp and generated from on the real model.</summary>
public static class SchemaSuite
{
    /// <summary>The lecture's Location example: name, country, latitude −90..90, longitude −180..180, all required,
    /// additionalProperties false.</summary>
    public const string Location = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Location",
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "Place name" },
            "country": { "type": "string" },
            "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
            "longitude": { "type": "number", "minimum": -180, "maximum": 180 }
          },
          "required": ["name", "country", "latitude", "longitude"],
          "additionalProperties": false
        }
        """;

    /// <summary>Name → schema text.</summary>
    public static readonly IReadOnlyDictionary<string, string> Schemas = new Dictionary<string, string>
    {
        ["location"] = Location,
        ["optional-properties"] = """
            {"type":"object","properties":{"nickname":{"type":"string","maxLength":12},"age":{"type":"integer","minimum":0,"maximum":120},
             "name":{"type":"string","minLength":1,"maxLength":20},"verified":{"type":"boolean"}},"required":["name"],"additionalProperties":false}
            """,
        ["string-enum"] = """{"type":"string","enum":["red","green","blue"]}""",
        ["const-values"] = """{"type":"object","properties":{"version":{"const":2},"kind":{"const":"point"},"tags":{"const":["a",{"b":null}]}},"required":["version","kind","tags"],"additionalProperties":false}""",
        ["nullable"] = """{"type":"object","properties":{"middleName":{"type":["string","null"],"maxLength":10},"score":{"type":["integer","null"],"minimum":1,"maximum":5}},"required":["middleName","score"],"additionalProperties":false}""",
        ["bounded-array"] = """{"type":"array","items":{"type":"integer","minimum":-5,"maximum":5},"minItems":1,"maxItems":4}""",
        ["string-lengths"] = """{"type":"string","minLength":2,"maxLength":8}""",
        ["formats"] = """{"type":"object","properties":{"day":{"type":"string","format":"date"},"at":{"type":"string","format":"date-time"},"id":{"type":"string","format":"uuid"}},"required":["day","at","id"],"additionalProperties":false}""",
        ["any-of"] = """{"anyOf":[{"type":"integer","minimum":0,"maximum":9},{"type":"string","maxLength":5},{"type":"null"}]}""",
        ["one-of"] = """
            {"oneOf":[
              {"type":"object","properties":{"circle":{"type":"number","minimum":0,"maximum":10}},"required":["circle"],"additionalProperties":false},
              {"type":"object","properties":{"square":{"type":"integer","minimum":1,"maximum":99}},"required":["square"],"additionalProperties":false}]}
            """,
        ["defs-ref"] = """
            {"$defs":{"point":{"type":"object","properties":{"x":{"type":"integer","minimum":-99,"maximum":99},"y":{"type":"integer","minimum":-99,"maximum":99}},"required":["x","y"],"additionalProperties":false}},
             "type":"object","properties":{"from":{"$ref":"#/$defs/point"},"to":{"$ref":"#/$defs/point"}},"required":["from","to"],"additionalProperties":false}
            """,
        ["definitions-ref"] = """
            {"definitions":{"level":{"type":"string","enum":["low","mid","high"]}},
             "type":"object","properties":{"level":{"$ref":"#/definitions/level","description":"how much"}},"required":["level"],"additionalProperties":false}
            """,
        ["recursive-ref"] = """
            {"$defs":{"node":{"type":"object","properties":{"value":{"type":"integer","minimum":0,"maximum":9},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["value","next"],"additionalProperties":false}},
             "$ref":"#/$defs/node"}
            """,
        ["boolean-null"] = """{"type":"object","properties":{"ok":{"type":"boolean"},"nothing":{"type":"null"}},"required":["ok","nothing"],"additionalProperties":false}""",
        ["exclusive-number"] = """{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}""",
        ["exclusive-integer"] = """{"type":"integer","exclusiveMinimum":-3,"exclusiveMaximum":3}""",
        ["wide-integer"] = """{"type":"integer","minimum":-1000,"maximum":123456}""",
        ["mixed-enum"] = """{"enum":[1,"two",null,true,{"a":[1]}]}""",
        ["additional-schema"] = """{"type":"object","properties":{"id":{"type":"integer","minimum":0,"maximum":9}},"required":["id"],"additionalProperties":{"type":"boolean"}}""",
        ["nested"] = """
            {"type":"object","properties":{
               "title":{"type":"string","maxLength":30},
               "year":{"type":"integer","minimum":1450,"maximum":2030},
               "genres":{"type":"array","items":{"enum":["fantasy","poetry","history"]},"minItems":1,"maxItems":3},
               "author":{"type":"object","properties":{"first":{"type":"string","maxLength":15},"last":{"type":"string","maxLength":15}},"required":["last"]}},
             "required":["title","year","genres","author"],"additionalProperties":false}
            """,
        ["untyped-keywords"] = """{"properties":{"a":{"maxLength":4},"b":{"minimum":3,"maximum":7}},"required":["a","b"],"additionalProperties":false}""",
    };

    /// <summary>The names, as xunit theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in Schemas.Keys) data.Add(name);
        return data;
    }

    /// <summary>A schema of the suite as a JSON element.</summary>
    public static JsonElement Get(string name) => Parse(Schemas[name]);

    /// <summary>Parses schema or document text.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
