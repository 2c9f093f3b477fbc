using Lineage.Api.Options;
using FluentValidation;
using Lineage.Api.Hosting;
using Lineage.Api.Security.Inputs;
using Lineage.Api.Security.Teachers;
using Lineage.Domain.Pipelines;

namespace Lineage.Api.Tests.Security;

/// <summary>
/// Input paths against a real directory tree: a root, files and links inside it, a secret beside it. Only regular
/// files (and folders) whose every symlink resolves inside the root pass, and the validator's message does not
/// tell a missing file from one it may not read.
/// </summary>
[Trait("Category", "Unit")]
public sealed class InputSandboxSpecs : IDisposable
{
    private readonly string _top = Path.Combine(Path.GetTempPath(), "lineage-sandbox-" + Guid.NewGuid().ToString("N"));
    private readonly string _root;
    private readonly string _secret;

    public InputSandboxSpecs()
    {
        // Field names as the host reports them (camelCase paths); the host sets the same resolver when it starts.
        ValidatorOptions.Global.PropertyNameResolver = Lineage.Api.Validation.FieldNames.Resolve;
        _root = Path.Combine(_top, "root");
        Directory.CreateDirectory(Path.Combine(_root, "gsm8k"));
        Directory.CreateDirectory(Path.Combine(_root, "proxy"));
        File.WriteAllText(Path.Combine(_root, "gsm8k", "train.jsonl"), "{}\n");
        File.WriteAllText(Path.Combine(_root, "big.jsonl"), new string('x', 2000));
        _secret = Path.Combine(_top, "secret.txt");
        File.WriteAllText(_secret, "the host's secret");
        File.CreateSymbolicLink(Path.Combine(_root, "escape.jsonl"), _secret);
        File.CreateSymbolicLink(Path.Combine(_root, "zero.jsonl"), "/dev/zero");
        Directory.CreateSymbolicLink(Path.Combine(_root, "outside"), _top);
        File.CreateSymbolicLink(Path.Combine(_root, "inside.jsonl"), Path.Combine(_root, "gsm8k", "train.jsonl"));
        if (OperatingSystem.IsLinux()) System.Diagnostics.Process.Start("mkfifo", Path.Combine(_root, "pipe.jsonl"))!.WaitForExit();
    }

    private InputSandbox Sandbox(long maxBytes = 1000) =>
        new(new InputOptions { Roots = [_root], MaxFileBytes = maxBytes }, new LineageOptions());

    [Fact]
    public void a_regular_file_under_the_root_is_allowed_by_any_path_that_resolves_there()
    {
        var sandbox = Sandbox();
        var train = Path.Combine(_root, "gsm8k", "train.jsonl");
        Assert.Equal(train, sandbox.File(train));
        Assert.Equal(train, sandbox.File(Path.Combine(_root, "gsm8k", "..", "gsm8k", "train.jsonl")));
        Assert.Equal(train, sandbox.File(Path.Combine(_root, "inside.jsonl")));
        Assert.Equal(Path.Combine(_root, "proxy"), sandbox.Folder(Path.Combine(_root, "proxy")));
    }

    [Theory]
    [InlineData("/etc/hostname")]
    [InlineData("/dev/zero")]
    [InlineData("/proc/self/environ")]
    [InlineData("{root}/../secret.txt")]
    [InlineData("{root}/escape.jsonl")]
    [InlineData("{root}/zero.jsonl")]
    [InlineData("{root}/outside/secret.txt")]
    [InlineData("{root}/pipe.jsonl")]
    [InlineData("{root}/big.jsonl")]
    [InlineData("{root}/gsm8k")]
    [InlineData("{root}/no-such.jsonl")]
    [InlineData("")]
    public void a_path_outside_the_root_through_dots_or_links_a_device_a_fifo_a_folder_or_a_file_past_the_cap_is_refused(string path)
    {
        var resolved = path.Replace("{root}", _root);
        if (resolved.EndsWith("pipe.jsonl", StringComparison.Ordinal) && !OperatingSystem.IsLinux()) return;
        Assert.Null(Sandbox().File(resolved));
    }

    [Fact]
    public void a_proxy_folder_must_be_under_the_root_too()
    {
        var sandbox = Sandbox();
        Assert.Null(sandbox.Folder(_top));
        Assert.Null(sandbox.Folder(Path.Combine(_root, "outside")));
        Assert.Null(sandbox.Folder("/etc"));
        Assert.Null(sandbox.Folder(Path.Combine(_root, "gsm8k", "train.jsonl")));
    }

    [Fact]
    public void the_size_cap_is_inclusive()
    {
        Assert.NotNull(Sandbox(maxBytes: 2000).File(Path.Combine(_root, "big.jsonl")));
        Assert.Null(Sandbox(maxBytes: 1999).File(Path.Combine(_root, "big.jsonl")));
    }

    [Fact]
    public async Task the_validator_answers_a_missing_file_and_a_forbidden_one_with_the_same_words_naming_the_field()
    {
        var validator = new PipelineSandboxValidator(Sandbox(), new TeacherAllowList(new TeacherEndpointsOptions()));
        async Task<string> Message(string file)
        {
            var result = await validator.ValidateAsync(new PipelineConfig { Seeds = new SeedPoolConfig { File = file } });
            var error = Assert.Single(result.Errors);
            Assert.Equal("seeds.file", error.PropertyName);
            return error.ErrorMessage.Replace(file, "FILE");
        }
        var missing = await Message(Path.Combine(_root, "no-such.jsonl"));
        Assert.Equal(missing, await Message(_secret));
        Assert.Equal(missing, await Message("/dev/zero"));
        Assert.Equal(missing, await Message(Path.Combine(_root, "escape.jsonl")));
        Assert.Equal(missing, await Message(Path.Combine(_root, "big.jsonl")));
        Assert.True((await validator.ValidateAsync(new PipelineConfig { Seeds = new SeedPoolConfig { File = Path.Combine(_root, "gsm8k", "train.jsonl") } })).IsValid);
    }

    [Fact]
    public async Task benchmark_files_and_the_proxy_folder_are_checked_each_under_its_own_field()
    {
        var validator = new PipelineSandboxValidator(Sandbox(), new TeacherAllowList(new TeacherEndpointsOptions()));
        var result = await validator.ValidateAsync(new PipelineConfig
        {
            Decontamination = new DecontaminationConfig { Files = [Path.Combine(_root, "gsm8k", "train.jsonl"), "/etc/passwd"] },
            Diversity = new DiversityConfig { ProxyModel = "/usr/lib" },
        });
        Assert.Equal(["decontamination.files[1]", "diversity.proxyModel"], result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(_top, recursive: true);
}
