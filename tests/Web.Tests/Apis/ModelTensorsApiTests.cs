using System.Net;
using System.Text.Json;
using Workbench.Engine.Gguf;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Apis;

/// <summary><c>GET /api/models/{name}/tensors</c> through the real app (self-paced), against the Engine's reader and
/// the file sizes on disk; a second model folder holds a file that is not GGUF.</summary>
public sealed class ModelTensorsApiTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wb-tensors-api-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly WorkbenchAppFactory _app = new();
    private HttpClient _http = null!;

    private static string Stories260K => Path.Combine(TestPaths.SharedModels, "stories260K.gguf");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "broken.gguf"), [.. "GGUF"u8, 3, 0, 0, 0, 1, 0]); // magic and version, then cut
        _app.Settings["Engine:ModelDirectories:1"] = _folder;
        await _app.StartReadyAsync();
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Get_SharedModel_ListsTheTensorsOfItsHeader()
    {
        var response = await _http.GetAsync("/api/models/stories260K/tensors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var file = GgufFile.Open(Stories260K);
        Assert.Equal("stories260K.gguf", body.GetProperty("name").GetString());
        Assert.Equal("llama", body.GetProperty("architecture").GetString());
        Assert.Equal(new FileInfo(Stories260K).Length, body.GetProperty("fileBytes").GetInt64());
        var tensors = body.GetProperty("tensors").EnumerateArray().ToList();
        Assert.Equal(file.Tensors.Select(t => t.Name), tensors.Select(t => t.GetProperty("name").GetString()));
        Assert.All(tensors, t => Assert.Equal("f32", t.GetProperty("type").GetString()));
        Assert.Equal(file.Tensors.Sum(t => t.SizeInBytes), tensors.Sum(t => t.GetProperty("bytes").GetInt64()));
        Assert.Equal(file.GetTensor("token_embd.weight").Shape, tensors.Single(t => t.GetProperty("name").GetString() == "token_embd.weight").GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Get_UnknownOrBrokenFile_IsProblemDetails()
    {
        var missing = await _http.GetAsync("/api/models/nowhere.gguf/tensors");
        var broken = await _http.GetAsync("/api/models/broken.gguf/tensors");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((HttpStatusCode)422, broken.StatusCode);
        var problem = JsonDocument.Parse(await broken.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("truncated", problem.GetProperty("detail").GetString());
    }
}
