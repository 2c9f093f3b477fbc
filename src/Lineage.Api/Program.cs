using Lineage.Api.Cli;
using Lineage.Api.Hosting;

// `lineage <verb> ...` runs a command-line verb (`lineage --help` lists them); anything else starts the HTTP host.
if (LineageCommandLine.IsVerb(args))
    return await LineageCommandLine.InvokeAsync(args);

var app = LineageHost.Build(args);
await app.RunAsync();
return 0;

public partial class Program;
