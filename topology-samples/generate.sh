#!/usr/bin/env bash
# Regenerates the sample topologies of this folder with hwloc itself (Debian: apt-get install hwloc).
# Each sample is an hwloc synthetic description exported to XML; where a real machine of that shape
# would report a NUMA latency (ACPI SLIT) matrix, one is added with hwloc-annotate. `this-machine.xml`
# is the live export of the machine the script runs on (rerun it on a build machine to refresh it).
#
#   bash topology-samples/generate.sh            # all samples
#   bash topology-samples/generate.sh --no-live  # all but this-machine.xml
set -euo pipefail
cd "$(dirname "$0")"
command -v lstopo-no-graphics >/dev/null || { echo "generate.sh: needs hwloc's lstopo-no-graphics (apt-get install hwloc)" >&2; exit 1; }

# synthetic NAME DESCRIPTION [LOCAL SAME_PACKAGE OTHER_PACKAGE NUMA_PER_PACKAGE]
synthetic() {
    local name=$1 desc=$2
    local tmp; tmp=$(mktemp -d)
    lstopo-no-graphics --input "$desc" --of xml "$tmp/plain.xml"
    if [ $# -gt 2 ]; then
        local local_d=$3 same=$4 other=$5 per=$6
        local n; n=$(hwloc-calc --input "$tmp/plain.xml" --number-of numa all)
        {
            echo "name=NUMALatency"
            echo 5            # HWLOC_DISTANCES_KIND_FROM_USER | MEANS_LATENCY
            echo "$n"
            for ((i = 0; i < n; i++)); do echo "numa:$i"; done
            for ((i = 0; i < n; i++)); do for ((j = 0; j < n; j++)); do
                if ((i == j)); then echo "$local_d"
                elif ((i / per == j / per)); then echo "$same"
                else echo "$other"; fi
            done; done
        } >"$tmp/distances.txt"
        hwloc-annotate "$tmp/plain.xml" "$name.xml" -- root -- distances "$tmp/distances.txt"
    else
        cp "$tmp/plain.xml" "$name.xml"
    fi
    rm -rf "$tmp"
    printf '%-28s %-44s %4s PUs\n' "$name.xml" "$desc" "$(hwloc-calc --input "$name.xml" --number-of pu all)"
}

synthetic 1pack-1numa              "pack:1 l3:1 core:4 pu:2"
synthetic 2pack-2numa-smt          "pack:2 numa:2 l3:1 core:4 pu:2"       10 12 20 2
synthetic 4pack-snc2               "pack:4 numa:2 l3:1 core:6 pu:2"       10 11 21 2
synthetic epyc-like-2pack-nps4     "pack:2 numa:4 l3:2 core:8 pu:2"       10 12 32 4
synthetic large-8pack-512pu        "pack:8 numa:2 l3:2 core:8 pu:2"       10 12 32 2

if [ "${1:-}" != "--no-live" ]; then
    lstopo-no-graphics --of xml this-machine.xml
    printf '%-28s %-44s %4s PUs\n' this-machine.xml "(live export)" "$(hwloc-calc --input this-machine.xml --number-of pu all)"
fi
