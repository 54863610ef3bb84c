using System.Diagnostics;
using System.Globalization;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// The command line that starts a <see cref="SandboxCommand"/>: <c>/bin/sh</c> joins the run's cgroups (it writes
/// its own pid into each <c>cgroup.procs</c>, so every later fork is inside), then becomes, by <c>exec</c> so the pid
/// stays the web process's child, <c>prlimit</c> (rlimits mode), <c>setpriv</c> (as root: the run's own uid and gid,
/// no supplementary groups) and finally <c>bwrap</c>:
/// <code>bwrap --unshare-user --uid 65534 --gid 65534 --disable-userns --unshare-pid --unshare-net --unshare-ipc
///   --unshare-uts --unshare-cgroup-try --die-with-parent --new-session --cap-drop ALL --hostname sandbox
///   --ro-bind /usr /usr --symlink usr/lib /lib … --proc /proc --dev /dev --tmpfs /tmp --tmpfs /dev/shm
///   --ro-bind &lt;read-only path&gt; … --bind &lt;run&gt; &lt;run&gt; --bind &lt;socket&gt; &lt;socket&gt; --chdir &lt;run&gt;
///   -- &lt;file&gt; &lt;arguments&gt;</code>
/// (bubblewrap 0.8.0's options, <c>man bwrap</c>). Nothing else of the host is visible: no <c>/etc</c>, no
/// <c>/home</c>, no data, content or model folders.
/// <para>bwrap resolves its bind sources as the run's uid. A read-only folder that uid cannot reach (a folder above
/// it is not searchable by others, as in a checkout under <c>mktemp -d</c>) is first bound, still as root, at
/// <c>&lt;run&gt;/.host-ro/&lt;n&gt;</c> in a private mount namespace of this one process (<c>unshare --mount
/// --propagation private</c>, then <c>mount --bind</c> and a read-only remount): the host's mounts do not change,
/// and bwrap binds that reachable view at the folder's own path (inside, <c>&lt;run&gt;/.host-ro</c> is an empty
/// tmpfs).</para>
/// </summary>
internal static class BubblewrapCommand
{
    /// <summary>The uid and gid the code sees inside (nobody), mapped to the run's uid outside.</summary>
    public const int InsideId = 65534;

    private const string JoinAndExec = "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    /// <summary>The folder of the run folder under which unreachable read-only folders get a reachable view.</summary>
    private const string HostReadOnlyFolder = ".host-ro";

    /// <summary>Arguments: pairs of (reachable target, source), then <c>--</c> and the command to exec.</summary>
    private const string BindAndExec = "while [ \"$1\" != -- ]; do mkdir -p \"$1\" && mount --bind \"$2\" \"$1\" && " +
        "mount -o remount,bind,ro \"$1\" || exit 125; shift 2; done; shift; exec \"$@\"";
    private static readonly string[] TopLevelLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>The start info; standard input, output and error redirected.</summary>
    /// <param name="command">What to run.</param>
    /// <param name="capabilities">The host's tools and mechanism.</param>
    /// <param name="cgroup">The run's cgroup (cgroup modes), or null.</param>
    /// <param name="uid">The run's own uid (as root), or null to stay the current user.</param>
    public static ProcessStartInfo Create(SandboxCommand command, SandboxCapabilities capabilities, SandboxCgroup? cgroup, int? uid)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = command.RunDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = info.ArgumentList;
        args.Add("-c");
        args.Add(JoinAndExec);
        args.Add("sh");
        foreach (var file in cgroup?.ProcsFiles ?? []) args.Add(file);
        args.Add("--");

        if (capabilities.Limits == SandboxLimitMechanism.Rlimits)
        {
            var limits = command.Limits;
            args.Add(capabilities.PrlimitPath!);
            args.Add("--core=0");
            args.Add(FormattableString.Invariant($"--cpu={(long)Math.Ceiling(limits.CpuTime.TotalSeconds) + 1}"));
            // Per process, as a ceiling: the .NET runtime reserves far more address space than it touches, so the
            // tree's resident memory is what the monitor limits.
            args.Add(FormattableString.Invariant($"--as={limits.MemoryBytes + (4L << 30)}"));
            if (uid is not null) args.Add(FormattableString.Invariant($"--nproc={limits.MaxProcesses}")); // per uid: the run's own
            args.Add("--");
        }
        // Read-only folders the run's uid cannot reach: bound at a reachable path first, as root, in a private mount
        // namespace (see the class remarks). Their sandbox path stays the same.
        var readOnly = command.ReadOnlyPaths.Select(Path.GetFullPath).Select(path => (Path: path, Source: path)).ToList();
        if (uid is not null && readOnly.Any(p => !SearchableByOthers(p.Path)))
        {
            Add(args, capabilities.UnsharePath ?? "unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", BindAndExec, "sh");
            for (var i = 0; i < readOnly.Count; i++)
            {
                if (SearchableByOthers(readOnly[i].Path)) continue;
                var reachable = Path.Combine(command.RunDirectory, HostReadOnlyFolder, Id(i));
                Add(args, reachable, readOnly[i].Path);
                readOnly[i] = (readOnly[i].Path, reachable);
            }
            args.Add("--");
        }
        if (uid is { } id)
        {
            args.Add(capabilities.SetprivPath!);
            args.Add(FormattableString.Invariant($"--reuid={id}"));
            args.Add(FormattableString.Invariant($"--regid={id}"));
            args.Add("--clear-groups");
            args.Add("--");
        }

        args.Add(capabilities.BubblewrapPath!);
        foreach (var option in (string[])["--unshare-user", "--uid", Id(InsideId), "--gid", Id(InsideId), "--disable-userns",
                     "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                     "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--hostname", "sandbox",
                     "--ro-bind", "/usr", "/usr"])
            args.Add(option);
        foreach (var link in TopLevelLinks) AddTopLevel(args, link);
        foreach (var option in (string[])["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"])
            args.Add(option);
        foreach (var (path, source) in readOnly) AddReadOnly(args, path, source);
        Add(args, "--bind", command.RunDirectory, command.RunDirectory);
        // The reachable views of unreachable read-only folders are not the code's business: an empty folder there.
        if (readOnly.Any(p => p.Source != p.Path)) Add(args, "--tmpfs", Path.Combine(command.RunDirectory, HostReadOnlyFolder));
        if (command.SocketPath is { } socket) Add(args, "--bind", socket, socket);
        Add(args, "--chdir", command.RunDirectory);
        args.Add("--");
        args.Add(command.FileName);
        foreach (var argument in command.Arguments) args.Add(argument);

        // A clean environment: the parent's may hold connection strings and passwords.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["HOME"] = command.RunDirectory;
        info.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in command.Environment) info.Environment[name] = value;
        return info;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static void Add(IList<string> args, params string[] values)
    {
        foreach (var value in values) args.Add(value);
    }

    /// <summary><c>/lib</c> and friends: the same symlink into <c>/usr</c> (merged-usr hosts), or the folder bound
    /// read-only; nothing when absent.</summary>
    private static void AddTopLevel(IList<string> args, string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target) Add(args, "--symlink", target, path);
        else if (Directory.Exists(path)) Add(args, "--ro-bind", path, path);
    }

    /// <summary>Whether every folder from the root down to <paramref name="path"/> is searchable by other users
    /// (o+x), so another uid can resolve the path.</summary>
    internal static bool SearchableByOthers(string path)
    {
        for (var folder = new DirectoryInfo(path); folder is not null; folder = folder.Parent)
        {
            if (folder.Exists && (folder.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        }
        return true;
    }

    private static void AddReadOnly(IList<string> args, string path, string source)
    {
        Add(args, "--ro-bind", source, path);
        if (!Directory.Exists(path)) return;
        // The app's folder holds its configuration (connection strings, keys): it reads as empty in the sandbox.
        foreach (var settings in Directory.EnumerateFiles(path, "appsettings*.json")) Add(args, "--ro-bind", "/dev/null", settings);
    }
}
