#!/usr/bin/env python3
"""Times `shardplace ledger` on a large trust ledger written by a second implementation of its format.

Writes an Ed25519 key pair (PKCS#8 / SPKI PEM, as `shardplace ledger keygen` does) and a ledger of N
entries over P providers following the DocC article "Trust ledger" (header, tab-separated entry lines
whose SHA-256 covers the domain tag and the first nine fields, Ed25519 over each hash, a signed seal),
then times `shardplace ledger verify`, `ledger show --format json` and one `ledger append` on it (each
run --repeat times; the median is printed). That the CLI verifies this file as intact also checks that
the format is implementable from its documentation.

Usage: python3 Benchmarks/Scripts/trust_ledger.py [--entries 100000] [--providers 50]
           [--shardplace .build/release/shardplace] [--repeat 3] [--keep DIR]
Needs the `cryptography` package (pip install cryptography).
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HEADER = "shardplace-trust-ledger v1"
ENTRY_TAG = b"shardplace-trust-ledger v1 entry\n"
SEAL_TAG = b"shardplace-trust-ledger v1 seal\n"
KINDS = ["incident", "audit", "sla", "other"]


def timestamp(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def score(micros):
    return "%d.%06d" % (micros // 1_000_000, micros % 1_000_000)


def write_ledger(path, key, entries, providers):
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_id = hashlib.sha256(raw).hexdigest()[:16]
    previous = "0" * 64
    current = {}
    start = 1_795_219_200  # 2026-11-21T00:00:00Z
    lines = [HEADER]
    for i in range(entries):
        provider = "provider-%03d" % (i * 7919 % providers)
        new = (i * 104_729) % 1_000_001
        old = score(current[provider]) if provider in current else "-"
        current[provider] = new
        content = "\t".join([
            str(i + 1), timestamp(start + i * 60), provider, old, score(new), KINDS[i % 4],
            "update %d of %s" % (i, provider), key_id, previous,
        ])
        digest = hashlib.sha256(ENTRY_TAG + content.encode()).digest()
        lines.append(content + "\t" + digest.hex() + "\t" + key.sign(digest).hex())
        previous = digest.hex()
    seal = "\t".join(["seal", str(entries), previous, key_id])
    seal_digest = hashlib.sha256(SEAL_TAG + seal.encode()).digest()
    lines.append(seal + "\t" + key.sign(seal_digest).hex())
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def timed(command, repeat):
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - began)
        if result.returncode != 0:
            sys.exit("failed (%d): %s\n%s" % (result.returncode, " ".join(command), result.stderr))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--shardplace", default=".build/release/shardplace")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="write the key and ledger here and keep them")
    args = parser.parse_args()

    folder = args.keep or tempfile.mkdtemp(prefix="trust-ledger-")
    os.makedirs(folder, exist_ok=True)
    key_path, ledger = os.path.join(folder, "signing.key"), os.path.join(folder, "trust.ledger")
    key = Ed25519PrivateKey.generate()
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(key_path + ".pub", "wb") as f:
        f.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo))
    began = time.perf_counter()
    write_ledger(ledger, key, args.entries, args.providers)
    print("wrote %d entries (%.1f MB) in %.1f s (Python)" % (
        args.entries, os.path.getsize(ledger) / 1e6, time.perf_counter() - began))

    sp = args.shardplace
    verify = timed([sp, "ledger", "verify", "--ledger", ledger, "--public-key", key_path + ".pub"], args.repeat)
    show = timed([sp, "ledger", "show", "--ledger", ledger, "--format", "json"], args.repeat)
    copy = ledger + ".copy"
    appends = []
    for _ in range(args.repeat):
        shutil.copyfile(ledger, copy)
        appends.append(timed([sp, "ledger", "append", "--ledger", copy, "--key", key_path, "--provider",
                              "provider-000", "--score", "0.5", "--reason", "bench"], 1))
    print("ledger verify (signatures): %.2f s" % verify)
    print("ledger show --format json (no signatures): %.2f s" % show)
    print("ledger append (verify + rewrite + fsync): %.2f s" % statistics.median(appends))
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
