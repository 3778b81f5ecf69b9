using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using CarbonScope.Footprint;
using CarbonScope.Grid;
using CarbonScope.Measurement;
using CarbonScope.Measurement.Procfs;
using CarbonScope.Measurement.Tracking;
using CarbonScope.Reporting;
using CarbonScope.Scheduling;
using CarbonScope.Scheduling.Strategies;
using CarbonScope.Storage;
using CarbonScope.Units;
using Spectre.Console;

namespace CarbonScope.Cli;

/// <summary>
/// <c>carbonscope run [options] -- CMD [ARGS...]</c>: runs CMD with this terminal's stdin/stdout/stderr, measures the
/// energy of its process tree (or of the machine), turns it into CO2e, and writes the run to emissions.csv, the history
/// store and, when asked, JSON; the summary goes to stderr because stdout belongs to CMD.
/// </summary>
internal static class RunCommand
{
    /// <summary>How often the history store receives the samples and figures so far (the issue asks for at most 10 s).</summary>
    private static readonly TimeSpan s_flushInterval = TimeSpan.FromSeconds(5);

    public static Command Create(MeasurementArguments measurement, CliContext context) =>
        Create("run", "Run a command and measure its energy (per CPU, GPU and RAM) and emissions (CO2e); with --pause-above, pause it while the grid is dirty.", wait: false, measurement, context);

    /// <summary><c>carbonscope wait (--max-intensity G | --best-within W) [--deadline D] [run options] -- CMD</c>.</summary>
    public static Command CreateWait(MeasurementArguments measurement, CliContext context) =>
        Create("wait", "Wait until the grid is clean enough (or its best time by the forecast), then run a command as 'run' does, recording how long it waited and why it started.", wait: true, measurement, context);

    private static Command Create(string name, string description, bool wait, MeasurementArguments measurement, CliContext context)
    {
        var arguments = new RunArguments();
        var carbonAware = new CarbonAwareArguments();
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments, after --.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(name, description);
        foreach (var option in (wait ? carbonAware.WaitOptions : []).Concat(carbonAware.RunOptions).Concat(arguments.All).Concat(measurement.All))
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(commandLine);
        command.SetAction((parse, _) =>
        {
            var settings = arguments.Resolve(parse, measurement, context);
            var request = new CarbonAwareRequest(carbonAware.Pause(parse), wait ? carbonAware.Wait(parse) : null, carbonAware.Checks(parse), parse.GetValue(carbonAware.Source));
            return RunAsync(parse.GetValue(commandLine)!, settings, request, context);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] commandLine, RunSettings settings, CarbonAwareRequest request, CliContext context)
    {
        // Everything that can be wrong with the request is checked before CMD starts.
        // The grid providers: the configured chain (live providers with credentials, then the embedded averages).
        var time = TimeProvider.System;
        using var http = new HttpClient();
        var chain = GridSettings.Chain(context.Settings, http, time, request.Source);
        if (request.Pause is not null || request.Wait is not null)
        {
            if (settings.Offline || chain.All(p => IntensityService.LocalProviders.Contains(p.Name)))
            {
                throw new UsageException($"{(request.Wait is not null ? "wait" : "--pause-above")} needs a live intensity: configure a provider (docs/providers/, e.g. CARBONSCOPE_GRID__ELECTRICITYMAPS__APIKEY) or name one with --source, and do not use --offline; the embedded annual averages never change.");
            }
        }

        var localTimeZone = TimeZoneCountry.MachineTimeZoneId(context.Environment, () => TimeZoneInfo.Local.Id);
        if (!ZoneSelector.TrySelect(settings.Country, settings.Zone, localTimeZone, out var zone, out var zoneError))
        {
            // A provider's own zone (DK1, GB-REGION-13) is taken as written when a live provider is configured.
            if (settings.Zone is { } providerZone && settings.Country is null && chain.Any(p => !IntensityService.LocalProviders.Contains(p.Name)))
            {
                zone = new ZoneSelection(providerZone.Trim(), ZoneOrigin.Given, $"--zone {providerZone.Trim()}");
            }
            else
            {
                throw new UsageException(zoneError);
            }
        }

        // Waiting and pausing check the chain afresh each time (no cache: a current intensity must be current); a plain
        // run builds none of this.
        var gridZone = GridSettings.Zone(zone.Zone);
        var checks = request.Pause is not null || request.Wait is not null
            ? new IntensityService(chain, cache: null, time, offline: settings.Offline, zoneFor: IntensityService.CloudRegionsToGridZones)
            : null;
        void Say(string message)
        {
            if (!settings.Quiet)
            {
                context.Error.WriteLine($"carbonscope: {message}");
            }
        }

        WaitOutcome? waited = null;
        if (request.Wait is { } wait)
        {
            using var interrupted = new CancellationTokenSource();
            using (PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupted.Cancel(); }))
            using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupted.Cancel(); }))
            {
                try
                {
                    waited = await CarbonAwareArguments.WaitAsync(wait, checks!, gridZone, request.CheckEvery, time, Say, interrupted.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
                {
                    await context.Error.WriteLineAsync($"carbonscope: interrupted while waiting; '{string.Join(' ', commandLine)}' was not started.").ConfigureAwait(false);
                    return ExitCodes.Interrupted;
                }
            }

            Say($"starting after {DurationText.Format(waited.Waited)}: {waited.Reason}.");
        }

        // Until the run ends, the status line and the record in the store use the embedded annual average (no network
        // before CMD starts); the run's own intensity is asked of the chain over its actual span when it ends.
        var startIntensity = EmbeddedIntensity.Default.Find(zone.Zone) is not null ? EmbeddedIntensity.Default.Get(zone.Zone) : EmbeddedIntensity.Default.World;

        // Discover first: the command's first moments are measured only once the tracker has started.
        var discovery = SensorDiscovery.Discover(settings.Measurement);
        var host = HostInfo.Collect(discovery, new ProcFileSystem(settings.Measurement.ProcfsRoot));
        var id = Guid.NewGuid().ToString("D");
        var store = OpenStore(settings, context);
        var intensitySource = new IntensityService(chain, store, time, offline: settings.Offline, zoneFor: IntensityService.CloudRegionsToGridZones);

        CarbonAwareLoop? pausing = null;
        RunRecord Record(TrackerResult result, RunStatus status, int? exitCode, IntensityEstimate intensity) => new()
        {
            Schedule = CarbonAwareArguments.Schedule(waited, pausing?.Report()),
            Id = id,
            Command = commandLine,
            Project = settings.Project,
            Status = status,
            ExitCode = exitCode,
            StartedAt = result.StartedAt,
            EndedAt = result.EndedAt,
            Mode = result.Mode,
            AttributedTo = result.AttributedTo,
            Pue = settings.Pue,
            Zone = zone,
            Intensity = intensity,
            Components = result.Devices,
            Diagnostics = [.. result.Diagnostics.Select(d => d.ToString())],
            Host = host,
            Equivalents = status == RunStatus.Running ? [] : Equivalents.For(CarbonFootprint.Emissions(CarbonFootprint.FacilityEnergy(result.TotalEnergy, settings.Pue), intensity.Value)),
            CarbonScopeVersion = Version,
        };

        // The run is in the history (as running) before CMD starts, so that it can never be missing from it.
        var startedAt = time.GetUtcNow();
        var pending = new TrackerResult(startedAt, startedAt, settings.Measurement.Mode, "the command (starting)", [], [], discovery.Diagnostics);
        EnergyTracker? tracker = null;
        var recorder = store is null ? null : new RunRecorder(
            store,
            Record(pending, RunStatus.Running, null, startIntensity),
            time,
            s_flushInterval,
            context.Warn,
            progress: () => Record(Volatile.Read(ref tracker) is { } running ? running.Snapshot() : pending, RunStatus.Running, null, startIntensity));
        recorder?.Start();

        var status = context.ErrorIsTerminal && !settings.Quiet ? new StatusLine(context.Error, settings.Pue, startIntensity.Value, startedAt) : null;
        EnergyTracker StartTracker()
        {
            var created = EnergyTrackerFactory.Create(settings.Measurement, discovery);
            if (recorder is not null)
            {
                created.Sampled += (_, sample) => recorder.Add(sample);
            }

            if (status is not null)
            {
                created.Sampled += status.OnSampled;
            }

            created.Start();
            return created;
        }

        using var signals = new SignalForwarder();
        using var child = new Process { StartInfo = StartInfo(commandLine) };
        try
        {
            // The whole machine is measured from before CMD starts; a process tree from its root's start.
            if (settings.Measurement.Mode == TrackingMode.Machine)
            {
                Volatile.Write(ref tracker, StartTracker());
            }

            child.Start();
        }
        catch (Win32Exception exception)
        {
            if (tracker is not null)
            {
                await tracker.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                foreach (var sensor in discovery.Sensors)
                {
                    sensor.Dispose();
                }
            }

            var notFound = exception.NativeErrorCode == 2;
            await context.Error.WriteLineAsync(notFound
                ? $"carbonscope: {commandLine[0]}: command not found (check the name and PATH)."
                : $"carbonscope: {commandLine[0]}: cannot run it: {exception.Message} (check that it is an executable file and that you may execute it).").ConfigureAwait(false);
            var exitCode = notFound ? ExitCodes.CommandNotFound : ExitCodes.CommandNotExecutable;
            var failed = Record(pending with { EndedAt = time.GetUtcNow(), AttributedTo = "nothing (the command did not start)" }, RunStatus.FailedToStart, exitCode, startIntensity);
            recorder?.Complete(failed);
            store?.Dispose();
            await WriteJsonOutputsAsync(failed, settings, context).ConfigureAwait(false);
            return exitCode;
        }

        signals.Attach(child.Id);
        if (tracker is null)
        {
            settings.Measurement.ProcessId = child.Id;
            settings.Measurement.ReaperProcessId = Environment.ProcessId;
            Volatile.Write(ref tracker, StartTracker());
        }

        await using var trackerScope = tracker;
        status?.Begin();
        using var stopPausing = new CancellationTokenSource();
        Task? pauseDriver = null;
        if (request.Pause is { } pause)
        {
            var tree = new ProcessTreeSignals(new ProcFileSystem(), child.Id);
            var running = tracker;
            var command = string.Join(' ', commandLine);
            pausing = new CarbonAwareLoop(new CarbonAwareLoopOptions
            {
                Strategy = new ThresholdStrategy(pause.PauseAbove, pause.ResumeBelow, pause.MaxPause),
                CurrentIntensity = CarbonAwareArguments.Current(checks!, gridZone),
                Energy = () => running.Snapshot().TotalEnergy,
                TimeProvider = time,
                CheckInterval = request.CheckEvery,
                Pue = settings.Pue,
                Pausing = (decision, _) =>
                {
                    Say($"pausing '{command}' ({tree.Stop()} processes, SIGSTOP): {decision.Reason}.");
                    return ValueTask.CompletedTask;
                },
                Resumed = (decision, _) =>
                {
                    tree.Continue();
                    Say($"resuming '{command}' (SIGCONT): {decision.Reason}.");
                    return ValueTask.CompletedTask;
                },
            });
            signals.Signalled += stopPausing.Cancel;
            pauseDriver = DrivePausesAsync(pausing, tree, request.CheckEvery, time, context, stopPausing.Token);
        }

        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await stopPausing.CancelAsync().ConfigureAwait(false);
        if (pauseDriver is not null)
        {
            await pauseDriver.ConfigureAwait(false);
        }

        var result = await tracker.StopAsync().ConfigureAwait(false);
        status?.Close();

        // From here on nothing measured may be lost: each output is written even when another one fails.
        IntensityEstimate intensity;
        try
        {
            intensity = await intensitySource.GetAverageAsync(zone.Zone, result.StartedAt, result.EndedAt).ConfigureAwait(false);
        }
        catch (IntensityProviderException exception)
        {
            // Never lose the run for want of an intensity: the annual average, with the reason.
            intensity = startIntensity with { Provenance = startIntensity.Provenance with { FallbackReason = exception.Message } };
        }

        var record = Record(result, signals.Interrupted ? RunStatus.Interrupted : RunStatus.Completed, child.ExitCode, intensity);
        recorder?.Complete(record);
        store?.Dispose();
        try
        {
            if (CodecarbonCsv.Append(settings.OutputDirectory, record) is { MovedAsidePath: { } moved })
            {
                context.Warn($"{Path.Combine(settings.OutputDirectory, CodecarbonCsv.FileName)} had a different header; it was moved to {moved} and a new file started.");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            context.Warn($"emissions.csv could not be written in {settings.OutputDirectory}: {exception.Message} (check the directory, or use --output DIR).");
        }

        if (!settings.Quiet)
        {
            var console = Output.Console(context.Error, context.ErrorIsTerminal);
            console.WriteLine();
            console.WriteLine($"carbonscope: '{string.Join(' ', commandLine)}' {(record.Status == RunStatus.Interrupted ? "was interrupted and " : string.Empty)}exited with code {child.ExitCode}.");
            Output.WriteRun(console, record);
        }

        await WriteJsonOutputsAsync(record, settings, context).ConfigureAwait(false);
        return child.ExitCode;
    }

    /// <summary>
    /// Checks every interval until CMD exits or carbonscope is interrupted; whatever happens, the tree is continued at the
    /// end, so CMD is never left stopped by carbonscope (unless carbonscope itself is killed with SIGKILL).
    /// </summary>
    private static async Task DrivePausesAsync(CarbonAwareLoop loop, ProcessTreeSignals tree, TimeSpan interval, TimeProvider time, CliContext context, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await loop.WaitUntilAllowedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // CMD ended or carbonscope was interrupted
        }
        catch (Exception exception)
        {
            context.Warn($"pausing stopped: {exception.Message}; the command runs on unpaused.");
        }
        finally
        {
            tree.Continue();
        }
    }

    private static ProcessStartInfo StartInfo(string[] commandLine)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static SqliteRunStore? OpenStore(RunSettings settings, CliContext context)
    {
        if (settings.StorePath is null)
        {
            return null;
        }

        try
        {
            return SqliteRunStore.Open(settings.StorePath);
        }
        catch (RunStoreException exception)
        {
            context.Warn($"{exception.Message} The run is not recorded in the history; emissions.csv and JSON are still written.");
            return null;
        }
    }

    private static async Task WriteJsonOutputsAsync(RunRecord record, RunSettings settings, CliContext context)
    {
        var json = RunRecordJson.Serialize(record);
        if (settings.JsonFile is { } file)
        {
            try
            {
                if (Path.GetDirectoryName(file) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }

                await File.WriteAllTextAsync(file, json + "\n").ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                context.Warn($"the JSON record could not be written to {file}: {exception.Message}");
            }
        }

        if (settings.Format == OutputFormat.Json)
        {
            await context.Out.WriteLineAsync(json).ConfigureAwait(false);
            await context.Out.FlushAsync().ConfigureAwait(false);
        }
    }

    private static string Version { get; } =
        typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}

/// <summary>What <c>run</c> or <c>wait</c> was asked to do about the grid: pause, wait, how often to check, which source.</summary>
internal sealed record CarbonAwareRequest(PauseSettings? Pause, WaitSettings? Wait, TimeSpan CheckEvery, string? Source);
