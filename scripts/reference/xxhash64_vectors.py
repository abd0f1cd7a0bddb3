#!/usr/bin/env python3
"""Prints the XXH64 reference values that Tests/StorageTests/XXHash64Tests.swift holds: the
prefixes of 0 to 69 bytes of a fixed byte pattern (every tail length and the first two 32-byte
stripes), the whole 1,000,003-byte pattern, and the xxHash documentation's strings. Needs
python-xxhash (`pip install xxhash`); run once, its output pasted into the test."""
import xxhash

data = bytes((i * 31 + 7) % 256 for i in range(1_000_003))
print("prefixes:", ", ".join(f"0x{xxhash.xxh64(data[:n]).hexdigest()}" for n in range(70)))
print("whole:", f"0x{xxhash.xxh64(data).hexdigest()}")
for text in [b"", b"a", b"abc", b"Nobody inspects the spammish repetition"]:
    print(repr(text), f"0x{xxhash.xxh64(text).hexdigest()}")
