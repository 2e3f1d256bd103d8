#!/usr/bin/env bash
# Builds libshardplace.so (SwiftPM product `shardplace-c`) and installs the C ABI into PREFIX:
#   PREFIX/include/shardplace.h
#   PREFIX/lib/libshardplace.so          (SONAME libshardplace.so.ABI; exports sp_* only)
#   PREFIX/lib/libshardplace.so.ABI      (the file; ABI = SP_ABI_VERSION)
#   PREFIX/lib/pkgconfig/shardplace.pc
#
# Usage: CSources/CShardPlace/install.sh PREFIX [debug|release] [--bundle-swift-runtime]
#   debug|release           build configuration (default release)
#   --bundle-swift-runtime  also copy the Swift runtime libraries the library needs (libswiftCore.so,
#                           libFoundation.so, libdispatch.so, …) into PREFIX/lib, so that the prefix runs
#                           where no Swift toolchain is installed
#
# The Swift runtime: libshardplace.so links it dynamically (SwiftPM ignores --static-swift-stdlib for
# dynamic libraries) and finds it through its RUNPATH, which holds the toolchain's lib/swift/linux and
# $ORIGIN. Without --bundle-swift-runtime the prefix works wherever the same toolchain sits at the same
# path (build machines, CI); with it, the runtime next to the library is found through $ORIGIN.
# Extra arguments for `swift build` can be given in SWIFT_BUILD_FLAGS (e.g. "--scratch-path .build-cabi").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
prefix="${1:?usage: install.sh PREFIX [debug|release] [--bundle-swift-runtime]}"
configuration="${2:-release}"
bundle="${3:-}"
case "$configuration" in debug | release) ;; *) echo "install.sh: configuration must be debug or release" >&2; exit 2 ;; esac

abi=$(sed -n 's/^#define SP_ABI_VERSION \([0-9]*\)$/\1/p' "$here/include/shardplace.h")
version=$(sed -n 's/.*static let string = "\(.*\)"/\1/p' "$root/Sources/ShardPlaceCLI/ShardPlaceCommand.swift")
[ -n "$abi" ] && [ -n "$version" ] || { echo "install.sh: cannot read the ABI or package version" >&2; exit 1; }

cd "$root"
# shellcheck disable=SC2086
swift build --product shardplace-c -c "$configuration" ${SWIFT_BUILD_FLAGS:-} \
    -Xlinker -soname -Xlinker "libshardplace.so.$abi" -Xlinker "--version-script=$here/shardplace.map"
# shellcheck disable=SC2086
bin=$(swift build --product shardplace-c -c "$configuration" ${SWIFT_BUILD_FLAGS:-} \
    --show-bin-path)

mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
prefix="$(cd "$prefix" && pwd)"
install -m 644 "$here/include/shardplace.h" "$prefix/include/shardplace.h"
install -m 755 "$bin/libshardplace-c.so" "$prefix/lib/libshardplace.so.$abi.tmp"
mv -f "$prefix/lib/libshardplace.so.$abi.tmp" "$prefix/lib/libshardplace.so.$abi"
ln -sf "libshardplace.so.$abi" "$prefix/lib/libshardplace.so"
if [ "$bundle" = "--bundle-swift-runtime" ]; then
    runtime="$(cd "$(dirname "$(command -v swift)")/../lib/swift/linux" && pwd)"
    ldd "$prefix/lib/libshardplace.so" | awk -v dir="$runtime/" 'index($3, dir) == 1 { print $3 }' |
        while read -r library; do install -m 755 "$library" "$prefix/lib/"; done
fi
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" "$here/shardplace.pc.in" >"$prefix/lib/pkgconfig/shardplace.pc"
echo "installed the shardplace C ABI $abi ($version) into $prefix"
