using System.Runtime.InteropServices;

namespace Lineage.Api.Security.Inputs;

/// <summary>
/// The canonical path the kernel would open: every symlink (in any component, the last included) followed and
/// every <c>.</c>/<c>..</c> applied after it, as POSIX <c>realpath(3)</c> computes it; and the type of what lies
/// there (<c>statx(2)</c>, whose layout is the same on every Linux architecture). Null when nothing is there.
/// </summary>
public static class RealPath
{
    public static string? Resolve(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full) && !Directory.Exists(full)) return null;
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>Whether <paramref name="resolved"/> (a path with no symlinks left) is a regular file: not a device, FIFO or socket.</summary>
    public static bool IsRegularFile(string resolved)
    {
        if (!OperatingSystem.IsLinux()) return File.Exists(resolved) && !Directory.Exists(resolved);
        const int atFdCwd = -100, atSymlinkNoFollow = 0x100, statxType = 0x1;
        const ushort typeMask = 0xF000, regular = 0x8000;
        var buffer = new byte[256];
        if (statx(atFdCwd, resolved, atSymlinkNoFollow, statxType, buffer) != 0) return false;
        var mode = BitConverter.ToUInt16(buffer, 28);
        return (mode & typeMask) == regular;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
