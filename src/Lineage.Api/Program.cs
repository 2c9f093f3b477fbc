using Lineage.Api.Cli;
using Lineage.Api.Hosting;

// `lineage <verb> ...` runs a command-line verb; anything else starts the HTTP host (and its workers).
if (args.Length > 0 && CliVerbs.TryGet(args[0], out var verb))
    return await verb(args[1..]);

var app = LineageHost.Build(args);
await app.RunAsync();
return 0;

public partial class Program;
