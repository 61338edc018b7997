using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GanLab.Core;

namespace GanLab.Experiments.Sweeps;

/// <summary>Cluster resources of a sweep's tasks (one task = one trial).</summary>
/// <param name="Cpus">CPUs per task (also the trial's libtorch threads).</param>
/// <param name="Gpus">GPUs per task (0 = none; with GPUs the trials train on cuda).</param>
/// <param name="Parallel">Tasks running at once (Slurm's %K, Kubernetes' parallelism).</param>
/// <param name="Partition">Slurm partition (null = the cluster's default).</param>
/// <param name="Time">Slurm time limit per task, e.g. "01:00:00" (null = the partition's).</param>
/// <param name="Image">Kubernetes: the container image that has GanLab (its `ganlab` on PATH).</param>
/// <param name="Claim">Kubernetes: the persistent volume claim mounted at /work holding the sweep file and the runs.</param>
public sealed record ClusterSettings(int Cpus = 1, int Gpus = 0, int Parallel = 4, string? Partition = null, string? Time = null,
    string Image = "ganlab:latest", string Claim = "ganlab-work");

/// <summary>Sweeps as the schedulers research groups already run: a Slurm job array whose task I runs trial I, or a
/// Kubernetes Indexed Job whose completion index I does. GanLab writes the job; the scheduler runs it.</summary>
public static class SweepClusters
{
    /// <summary>Writes DIR/sweep.sbatch: an array job of one task per trial, each running
    /// `ganlab sweep run FILE --index $SLURM_ARRAY_TASK_ID --out DIR`. Returns its path.</summary>
    /// <param name="sweepPath">The sweep file (the tasks read it from this path).</param>
    /// <param name="sweep">The sweep.</param>
    /// <param name="output">The sweep's folder (shared by the nodes).</param>
    /// <param name="settings">CPUs, GPUs, parallel tasks, partition, time.</param>
    /// <param name="command">The command that starts GanLab's CLI on the cluster's nodes (absolute paths).</param>
    public static string WriteSlurm(string sweepPath, SweepFile sweep, string output, ClusterSettings settings, string command)
    {
        var count = sweep.Trials().Count;
        var folder = Directory.CreateDirectory(output).FullName;
        var script = new StringBuilder("#!/bin/bash\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=ganlab-{sweep.Name}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{count - 1}%{settings.Parallel}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={settings.Cpus}\n")
            .Append(CultureInfo.InvariantCulture, $"#SBATCH --output={folder}/slurm-%A_%a.out\n");
        if (settings.Partition is { } partition) script.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        if (settings.Time is { } time) script.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        if (settings.Gpus > 0) script.Append(CultureInfo.InvariantCulture, $"#SBATCH --gres=gpu:{settings.Gpus}\n");
        script.Append("# Task I trains trial I of the sweep; a finished trial is skipped, a killed one resumes.\n")
            .Append(CultureInfo.InvariantCulture, $"exec {command} sweep run {Quote(Path.GetFullPath(sweepPath))} --index \"$SLURM_ARRAY_TASK_ID\" --out {Quote(folder)} --threads \"$SLURM_CPUS_PER_TASK\"")
            .Append(settings.Gpus > 0 ? " --device cuda\n" : "\n");
        var path = Path.Combine(folder, "sweep.sbatch");
        AtomicFile.WriteAllText(path, script.ToString());
        return path;
    }

    /// <summary>Submits a job script with sbatch (with <paramref name="wait"/>: until every task ended); returns the job id.</summary>
    public static string Submit(string script, bool wait)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (wait) start.ArgumentList.Add("--wait");
        start.ArgumentList.Add(script);
        Process process;
        try { process = Process.Start(start) ?? throw new IOException("sbatch did not start."); }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new IOException("sbatch was not found: --slurm needs a Slurm cluster's client on PATH (Debian: slurm-client; scripts/slurm-local.sh starts a one-node cluster here).");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var id = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            if (process.ExitCode != 0 && !(wait && id.Length > 0))
                throw new IOException($"sbatch {script} failed (exit {process.ExitCode}): {error.Result.Trim()}");
            return id;
        }
    }

    /// <summary>Writes DIR/sweep-job.json: a Kubernetes Indexed Job (completionMode Indexed) whose pod for completion
    /// index I runs trial I with JOB_COMPLETION_INDEX; the user applies it with kubectl. Returns its path.</summary>
    public static string WriteKubernetes(string sweepPath, SweepFile sweep, string output, ClusterSettings settings)
    {
        var count = sweep.Trials().Count;
        var resources = new JsonObject { ["cpu"] = settings.Cpus.ToString(CultureInfo.InvariantCulture) };
        if (settings.Gpus > 0) resources["nvidia.com/gpu"] = settings.Gpus.ToString(CultureInfo.InvariantCulture);
        var sweepInPod = "/work/" + Path.GetFileName(sweepPath);
        var command = new JsonArray("ganlab", "sweep", "run", sweepInPod, "--index", "$(JOB_COMPLETION_INDEX)", "--out", "/work/runs/" + sweep.Name,
            "--threads", settings.Cpus.ToString(CultureInfo.InvariantCulture));
        if (settings.Gpus > 0) { command.Add("--device"); command.Add("cuda"); }
        var job = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = Kebab("ganlab-" + sweep.Name) },
            ["spec"] = new JsonObject
            {
                ["completions"] = count,
                ["parallelism"] = settings.Parallel,
                ["completionMode"] = "Indexed",
                ["backoffLimitPerIndex"] = 1,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "trial",
                            ["image"] = settings.Image,
                            ["command"] = command,
                            ["resources"] = new JsonObject { ["requests"] = resources, ["limits"] = resources.DeepClone() },
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "work", ["mountPath"] = "/work" }),
                        }),
                        ["volumes"] = new JsonArray(new JsonObject { ["name"] = "work", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = settings.Claim } }),
                    },
                },
            },
        };
        var path = Path.Combine(Directory.CreateDirectory(output).FullName, "sweep-job.json");
        AtomicFile.WriteAllText(path, job.ToJsonString(GanLabJson.Options) + "\n");
        return path;
    }

    // Kubernetes names: lower case letters, digits and dashes, at most 63 characters.
    private static string Kebab(string name)
    {
        var kebab = new string(name.ToLowerInvariant().Select(character => char.IsAsciiLetterOrDigit(character) ? character : '-').ToArray()).Trim('-');
        return kebab.Length > 63 ? kebab[..63].TrimEnd('-') : kebab;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
