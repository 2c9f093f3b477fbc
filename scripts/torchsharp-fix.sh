#!/usr/bin/env bash
# TorchSharp 0.107.0's libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one symbol,
# std::ios_base_library_init() (GCC 13). Debian 12 ships libstdc++ up to 3.4.30, so the
# library fails to load. We provide that one symbol from a tiny shim library, make the
# shim a NEEDED entry, drop the symbol's version, and rewrite the leftover version-need
# entry to GLIBCXX_3.4.30. A no-op where libstdc++ already has GLIBCXX_3.4.32.
# Idempotent. See docs/torchsharp-native.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf '\033[1;34m[torchsharp-fix]\033[0m %s\n' "$*"; }

# No early exit in these pipelines: under pipefail a reader that stops first makes the writer's
# SIGPIPE fail the script.
libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found=1}')"
if [ -n "$libstdcxx" ] && grep -aq 'GLIBCXX_3\.4\.32' "$libstdcxx"; then
  log "libstdc++ has GLIBCXX_3.4.32; nothing to do"
  exit 0
fi

pkgroot="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
if ! ls "$pkgroot"/torchsharp/*/runtimes/linux-x64/native/libLibTorchSharp.so >/dev/null 2>&1; then
  log "restoring packages to find TorchSharp"
  (cd "$root" && dotnet restore Lineage.sln -v q >/dev/null)
fi

shim_dir=/usr/local/lib/lineage
shim="$shim_dir/liblineage_iosinit.so"
if [ ! -f "$shim" ]; then
  log "building $shim"
  mkdir -p "$shim_dir"
  src="$(mktemp -d)/iosinit.cpp"
  cat >"$src" <<'CPP'
// Defines the one GCC 13 symbol libLibTorchSharp.so needs. Its job in libstdc++ is to
// make sure the standard streams are constructed; a function-static Init does that.
#include <ios>
namespace std {
  void ios_base_library_init() { static ios_base::Init init; }
}
CPP
  g++ -shared -fPIC -O2 -o "$shim" "$src"
fi
echo "$shim_dir" > /etc/ld.so.conf.d/lineage-torchsharp.conf
ldconfig

patched=0
for lib in "$pkgroot"/torchsharp/*/runtimes/linux-x64/native/libLibTorchSharp.so "$@"; do
  [ -f "$lib" ] || continue
  if ! grep -aq 'GLIBCXX_3\.4\.32' "$lib"; then continue; fi
  # After the fix the version string stays in .dynstr (only the need entry changes), so the
  # shim in NEEDED is what marks a patched file.
  if patchelf --print-needed "$lib" | grep -x liblineage_iosinit.so >/dev/null; then continue; fi
  log "patching $lib"
  chmod u+w "$lib"
  patchelf --add-needed liblineage_iosinit.so "$lib"
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$lib"
  python3 "$here/elf_vernaux_rewrite.py" "$lib" GLIBCXX_3.4.32 GLIBCXX_3.4.30
  patched=$((patched+1))
done
log "patched $patched file(s)"
