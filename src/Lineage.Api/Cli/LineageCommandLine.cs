using System.CommandLine;
using Lineage.Api.Grading;
using Lineage.Api.Security.Keys;
using Lineage.Domain.Stages;

namespace Lineage.Api.Cli;

/// <summary>
/// Every <c>lineage</c> verb, parsed by System.CommandLine (so <c>lineage VERB --help</c> is generated from these
/// definitions). Verbs that build a host pass the arguments they do not recognise to its configuration, so
/// <c>--Lineage:Schema=s</c> or <c>--urls http://…</c> work after any of them. Exit codes: 0 done, 1 the work failed
/// or the input was unusable, 2 an unknown run, version, example or pipeline, and System.CommandLine's own 1 for a
/// malformed command line.
/// </summary>
public static class LineageCommandLine
{
    /// <summary>The Marten verbs that pass through to JasperFx's command line over the Lineage store.</summary>
    private static readonly string[] MartenVerbs = ["projections", "db-apply", "db-assert", "db-patch", "db-dump", "codegen", "describe"];

    /// <summary>True when <paramref name="args"/> name a verb (or ask for help) rather than configure the HTTP host.</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) || args is ["--help" or "-h" or "-?" or "--version", ..];

    public static Task<int> InvokeAsync(string[] args) => Build().Parse(args).InvokeAsync();

    public static RootCommand Build()
    {
        var root = new RootCommand("Lineage: synthetic reasoning datasets you can explain. With no verb, `lineage [--urls …] [--Lineage:…=…]` starts the HTTP API and the stages configured in Lineage:Stages.");
        foreach (var verb in (Command[])[Demo(), Run(), Stage(), Pool(), Why(), Rebuild(), Audit(), Diff(), Fork(), Export(), Worker(), Keys(), Grade(), ProxyCheck(), GVendi(), KMeans()])
            root.Subcommands.Add(verb);
        foreach (var name in MartenVerbs) root.Subcommands.Add(Marten(name));
        return root;
    }

    private static Command Demo()
    {
        var seed = CliOptions.Seed(42);
        var timeout = CliOptions.Positive("--timeout-minutes", 20, "give up waiting for the seal after this long");
        var command = HostVerb("demo", "run the demo pipeline end to end on embedded defaults and print a sealed version, its why chains and its rebuild", seed, timeout);
        command.SetAction((r, _) => DemoCommand.RunAsync(r.GetValue(seed), TimeSpan.FromMinutes(r.GetValue(timeout)), HostArgs(r)));
        return command;
    }

    private static Command Run()
    {
        var pipeline = new Argument<string>("pipeline") { Description = "a defined pipeline's name" };
        var seed = CliOptions.Seed(1);
        var label = new Option<string?>("--label") { Description = "tells runs with the same seed apart" };
        var wait = new Option<bool>("--wait") { Description = "follow the run's progress until it seals or fails" };
        var timeout = CliOptions.Positive("--timeout-minutes", 60, "with --wait: give up after this long");
        var command = HostVerb("run", "start a run of a defined pipeline (workers take its stages)", pipeline, seed, label, wait, timeout);
        command.SetAction((r, _) => RunCommands.RunAsync(r.GetValue(pipeline)!, r.GetValue(seed), r.GetValue(label), r.GetValue(wait),
            TimeSpan.FromMinutes(r.GetValue(timeout)), HostArgs(r)));
        return command;
    }

    private static Command Stage()
    {
        var runId = new Argument<string>("runId");
        var stage = new Argument<string>("stage") { Description = $"one of {string.Join(", ", StageTable.Names)}" };
        var round = NonNegative("--round");
        var batch = NonNegative("--batch");
        var command = HostVerb("stage", "send one stage's command, e.g. to re-drive a batch (its consumer checks it like any other)", runId, stage, round, batch);
        command.SetAction((r, _) => RunCommands.StageAsync(r.GetValue(runId)!, r.GetValue(stage)!, r.GetValue(round), r.GetValue(batch), HostArgs(r)));
        return command;
    }

    private static Command Pool()
    {
        var job = new Argument<string>("job") { Description = "recluster: cluster the whole pool afresh; report: record the newest version's diversity report" }
            .AcceptOnlyFromAmong("recluster", "report");
        var pipeline = new Argument<string>("pipeline");
        var seed = CliOptions.Seed(1);
        var command = HostVerb("pool", "run a pool job now, in this process (what the recurring jobs do)", job, pipeline, seed);
        command.SetAction((r, _) => RunCommands.PoolAsync(r.GetValue(job) == "recluster", r.GetValue(pipeline)!, r.GetValue(seed), HostArgs(r)));
        return command;
    }

    private static Command Why()
    {
        var example = new Argument<string>("exampleId");
        var command = HostVerb("why", "the lineage chain of one example: how it was made, verified, embedded, clustered and decided", example);
        command.SetAction((r, _) => LookupCommands.WhyAsync(r.GetValue(example)!, HostArgs(r)));
        return command;
    }

    private static Command Rebuild()
    {
        var version = new Argument<string>("versionId");
        var command = HostVerb("rebuild", "replay a version's events, recompute its manifest and compare hashes (exit 1 on a mismatch)", version);
        command.SetAction((r, _) => LookupCommands.RebuildAsync(r.GetValue(version)!, HostArgs(r)));
        return command;
    }

    private static Command Audit()
    {
        var version = new Argument<string>("versionId");
        var command = HostVerb("audit", "re-derive every decision of a version from its recorded inputs and compare (exit 1 on any difference)", version);
        command.SetAction((r, _) => Audits.AuditCommand.RunAsync(r.GetValue(version)!, HostArgs(r), Console.Out, Console.Error));
        return command;
    }

    private static Command Diff()
    {
        var a = new Argument<string>("versionA");
        var b = new Argument<string>("versionB");
        var command = HostVerb("diff", "examples only in A, only in B or changed, with what decided each on both sides, counts by rule and G-Vendi", a, b);
        command.SetAction((r, _) => Diffs.DiffCommand.RunAsync(r.GetValue(a)!, r.GetValue(b)!, HostArgs(r), Console.Out, Console.Error));
        return command;
    }

    private static Command Fork()
    {
        var version = new Argument<string>("versionId");
        var set = new Option<string[]>("--set") { Description = $"key=value, repeatable; keys: {string.Join(", ", Forks.ForkOverrides.Names)}", Required = true };
        var command = HostVerb("fork", "re-decide a version's filters with other settings from its recorded embeddings, clusterings and verdicts, and seal the result", version, set);
        command.SetAction((r, _) => Forks.ForkCommand.RunAsync(r.GetValue(version)!, r.GetValue(set) ?? [], HostArgs(r), Console.Out, Console.Error));
        return command;
    }

    private static Command Export()
    {
        var version = new Argument<string>("versionId");
        var path = new Argument<string>("path") { Description = "the file (jsonl, parquet) or folder (hf) to write" };
        var format = new Option<string>("--format") { Description = "jsonl, parquet or hf (a Hugging Face dataset folder)", DefaultValueFactory = _ => "jsonl" }
            .AcceptOnlyFromAmong("jsonl", "parquet", "hf");
        var shardRows = new Option<string?>("--shard-rows") { Description = "hf: rows per Parquet shard" };
        var rowGroupRows = new Option<string?>("--row-group-rows") { Description = "parquet, hf: rows per row group" };
        var command = HostVerb("export", "write a sealed version's examples with their lineage columns", version, path, format, shardRows, rowGroupRows);
        command.SetAction((r, _) => ExportCommand.RunAsync(r.GetValue(version)!, r.GetValue(path)!, r.GetValue(format), r.GetValue(shardRows),
            r.GetValue(rowGroupRows), HostArgs(r), Console.Out, Console.Error));
        return command;
    }

    private static Command Worker()
    {
        var stages = new Option<string?>("--stages") { Description = $"comma-separated stages to consume ({string.Join(", ", StageTable.Names)}, all, none); default Lineage:Stages" };
        var command = HostVerb("worker", "consume stages only (no API; a health endpoint), e.g. --stages embed,cluster on a GPU machine", stages);
        command.SetAction((r, _) => WorkerCommand.RunAsync(r.GetValue(stages), HostArgs(r)));
        return command;
    }

    private static Command Keys()
    {
        var name = new Argument<string>("name");
        var role = new Option<string>("--role") { Description = "reader, operator or admin", Required = true }.AcceptOnlyFromAmong("reader", "operator", "admin");
        var create = HostVerb("create", "create an API key and print it once (only its hash is stored)", name, role);
        create.SetAction((r, _) => WithKeys(r, keys => KeysCommand.CreateAsync(keys, r.GetValue(name)!, r.GetValue(role)!, Console.Out, Console.Error)));
        var revokeName = new Argument<string>("name");
        var revoke = HostVerb("revoke", "revoke an API key by name", revokeName);
        revoke.SetAction((r, _) => WithKeys(r, keys => KeysCommand.RevokeAsync(keys, r.GetValue(revokeName)!, Console.Out, Console.Error)));
        var list = HostVerb("list", "list API keys: name, role, created, revoked");
        list.SetAction((r, _) => WithKeys(r, keys => KeysCommand.ListAsync(keys, Console.Out)));
        return new Command("keys", "API keys for the HTTP API (stored hashed)") { create, revoke, list };
    }

    private static async Task<int> WithKeys(ParseResult result, Func<ApiKeyStore, Task<int>> action)
    {
        await using var app = CliHost.Build(HostArgs(result));
        return await action(app.Services.GetRequiredService<ApiKeyStore>());
    }

    private static Command Grade()
    {
        var pairs = new Argument<string>("pairs.jsonl") { Description = "lines {\"gold\": …, \"pred\": …}" };
        var command = new Command("grade", "grade answer pairs exactly as the verify stage does: one {\"equal\", \"gold\", \"pred\"} line per pair") { pairs };
        command.SetAction((r, _) => GradeCommand.RunAsync(r.GetValue(pairs)!, Console.Out));
        return command;
    }

    private static Command ProxyCheck()
    {
        var folder = new Argument<string>("folder") { Description = "a Hugging Face folder with transformers' reference outputs (fixtures/hf-golden/*)" };
        var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
        var command = new Command("proxy-check", "check the proxy model code against a transformers reference folder (logits, loss, gradients, greedy generation)") { folder, device, threads };
        command.SetAction(r => Lineage.Proxy.Models.ProxyCheck.Run(r.GetValue(folder)!, Console.Out, CliOptions.Engine(r, device, threads)));
        return command;
    }

    private static Command GVendi()
    {
        var file = new Argument<string>("file.safetensors") { Description = "a float matrix, rows = vectors" };
        var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
        var command = new Command("gvendi", "G-Vendi of the matrix in a safetensors file") { file, device, threads };
        command.SetAction(r => MatrixCommands.GVendi(r.GetValue(file)!, Console.Out, CliOptions.Engine(r, device, threads)));
        return command;
    }

    private static Command KMeans()
    {
        var file = new Argument<string>("file.safetensors") { Description = "a float matrix, rows = vectors" };
        var k = new Option<int>("--k") { Description = "clusters", Required = true };
        k.Validators.Add(v => { if (v.GetValueOrDefault<int>() <= 0) v.AddError("--k must be a positive integer"); });
        var seed = new Option<long>("--seed") { Description = "k-means++ seed", DefaultValueFactory = _ => 0 };
        var (device, threads) = (CliOptions.Device(), CliOptions.Threads());
        var command = new Command("kmeans", "cosine k-means of that matrix: objective, iterations, size histogram") { file, k, seed, device, threads };
        command.SetAction(r => MatrixCommands.KMeans(r.GetValue(file)!, r.GetValue(k), r.GetValue(seed), Console.Out, CliOptions.Engine(r, device, threads)));
        return command;
    }

    private static Command Marten(string name)
    {
        var command = new Command(name, $"Marten's `{name}` over the Lineage store (see `lineage {name} help`)") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction((r, _) => MartenCommands.RunAsync([name, .. r.UnmatchedTokens]));
        return command;
    }

    /// <summary>A verb that builds a host: what it does not parse itself goes to the host's configuration.</summary>
    private static Command HostVerb(string name, string description, params Symbol[] symbols)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var symbol in symbols)
            switch (symbol)
            {
                case Argument argument: command.Arguments.Add(argument); break;
                case Option option: command.Options.Add(option); break;
            }
        return command;
    }

    private static string[] HostArgs(ParseResult result) => [.. result.UnmatchedTokens];

    private static Option<int?> NonNegative(string name)
    {
        var option = new Option<int?>(name) { Description = "a whole number ≥ 0" };
        option.Validators.Add(v => { if (v.GetValueOrDefault<int?>() is < 0) v.AddError($"{name} must be a whole number ≥ 0"); });
        return option;
    }
}
