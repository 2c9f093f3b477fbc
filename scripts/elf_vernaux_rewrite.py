#!/usr/bin/env python3
"""Rewrites one version-need entry (Vernaux in .gnu.version_r) of an ELF64 file.

usage: elf_vernaux_rewrite.py FILE FROM_VERSION TO_VERSION

The TO_VERSION string must already be in the section's string table (.dynstr); the
entry's name offset and its ELF hash are both rewritten, because the loader checks both.
"""
import struct
import sys


def elf_hash(name: bytes) -> int:
    h = 0
    for c in name:
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def main(path: str, old: str, new: str) -> int:
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: not a little-endian ELF64 file")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(e_shnum):
        off = e_shoff + i * e_shentsize
        (_name, sh_type, _flags, _addr, sh_offset, sh_size, sh_link, _info, _align,
         _entsize) = struct.unpack_from("<IIQQQQIIQQ", data, off)
        sections.append((sh_type, sh_offset, sh_size, sh_link))
    verneed = [s for s in sections if s[0] == 0x6FFFFFFE]
    if not verneed:
        sys.exit(f"{path}: no .gnu.version_r section")
    _, vn_off, _, link = verneed[0]
    _, str_off, str_size, _ = sections[link]
    strtab = bytes(data[str_off:str_off + str_size])

    def name_at(o: int) -> bytes:
        return strtab[o:strtab.index(b"\0", o)]

    target = strtab.find(b"\0" + new.encode() + b"\0")
    if target < 0:
        sys.exit(f"{path}: {new} is not in the dynamic string table")
    target += 1
    rewritten = 0
    pos = vn_off
    while True:
        _ver, cnt, _file, aux, nxt = struct.unpack_from("<HHIII", data, pos)
        apos = pos + aux
        for _ in range(cnt):
            _h, _flags, _other, name, anext = struct.unpack_from("<IHHII", data, apos)
            if name_at(name) == old.encode():
                struct.pack_into("<I", data, apos, elf_hash(new.encode()))
                struct.pack_into("<I", data, apos + 8, target)
                rewritten += 1
            if anext == 0:
                break
            apos += anext
        if nxt == 0:
            break
        pos += nxt
    open(path, "wb").write(data)
    print(f"{path}: rewrote {rewritten} entr{'y' if rewritten == 1 else 'ies'} {old} -> {new}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
