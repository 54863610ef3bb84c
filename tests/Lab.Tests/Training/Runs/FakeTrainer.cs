using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Lab.Tests.Training.Runs;

/// <summary>
/// A stand-in for <c>Workbench.Train --json</c> (a neighbour of the service under test): a bash script that speaks
/// the JSON-lines protocol. Its behaviour is picked by <c>--seed</c>: see the constants. It writes its arguments to
/// <c>&lt;out&gt;.args</c> and, for <see cref="Hang"/>, its background child's pid to <c>&lt;out&gt;.child</c>.
/// </summary>
internal sealed class FakeTrainer : IDisposable
{
    /// <summary>Seeds: a short good run; a run of 0.3 s steps (20 of them); a garbled line; a crash with stderr;
    /// a child that sleeps forever (with a grandchild); an <c>error</c> line.</summary>
    public const int Good = 1, Slow = 2, Garbled = 3, Crash = 4, Hang = 5, Error = 6;

    private readonly TempDirectory _folder = new();

    public FakeTrainer()
    {
        Command = Path.Combine(_folder.Path, "fake-train");
        File.WriteAllText(Command, """
            #!/bin/bash
            all=("$@")
            while [ $# -gt 0 ]; do
              case "$1" in
                --out) out="$2"; shift 2;;
                --seed) seed="$2"; shift 2;;
                --steps) steps="$2"; shift 2;;
                *) shift;;
              esac
            done
            printf '%s\n' "${all[@]}" > "$out.args"
            echo '{"type":"phase","phase":"corpus","message":"generating"}'
            case "$seed" in
              1)
                echo '{"type":"sample","step":0,"prompt":"What'"'"'s the weather in Oslo?","text":"zq xv"}'
                for i in 1 2 3 4 5; do
                  echo "{\"type\":\"step\",\"step\":$i,\"steps\":$steps,\"loss\":$((6 - i)).5,\"learning_rate\":0.001,\"tokens_per_second\":5400.5,\"elapsed_ms\":$((i * 100))}"
                  sleep 0.05
                done
                echo '{"type":"sample","step":5,"prompt":"What'"'"'s the weather in Oslo?","text":"<tool_call>\n{\"name\":\"get_weather\"}\n</tool_call>"}'
                printf 'GGUF-fake' > "$out"
                echo "{\"type\":\"done\",\"model_path\":\"$out\",\"steps\":$steps,\"final_loss\":1.5,\"parameters\":140000,\"bytes\":9,\"elapsed_ms\":600}"
                ;;
              2)
                for i in $(seq 1 20); do
                  echo "{\"type\":\"step\",\"step\":$i,\"steps\":20,\"loss\":2.0,\"learning_rate\":0.001,\"tokens_per_second\":100,\"elapsed_ms\":$((i * 300))}"
                  sleep 0.3
                done
                printf 'GGUF-fake' > "$out"
                echo '{"type":"done","model_path":"x","steps":20,"final_loss":2.0,"parameters":1,"bytes":9,"elapsed_ms":6000}'
                ;;
              3)
                echo '{"type":"step","step":1,"steps":50,"loss":3.0,"learning_rate":0.001,"tokens_per_second":1,"elapsed_ms":1}'
                echo 'Segmentation fault (core dumped)'
                sleep 30
                ;;
              4)
                echo 'boom: out of memory in attention' >&2
                exit 3
                ;;
              5)
                sleep 600 &
                echo $! > "$out.child"
                echo '{"type":"step","step":1,"steps":50,"loss":3.0,"learning_rate":0.001,"tokens_per_second":1,"elapsed_ms":1}'
                wait
                ;;
              6)
                echo '{"type":"error","message":"the loss diverged (nan) at step 3"}'
                exit 1
                ;;
            esac
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Output = Path.Combine(_folder.Path, "trained");
    }

    /// <summary>The script's path.</summary>
    public string Command { get; }

    /// <summary>The folder runs write to.</summary>
    public string Output { get; }

    /// <summary>The script's folder (the working directory).</summary>
    public string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();
}
