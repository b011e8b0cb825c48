// Renders media/icon.png (128x128 marketplace icon) from the same drawing as
// media/polytomic.svg, with no image dependency: shapes are distance fields,
// supersampled 4x4 for anti-aliasing, and PNG is written with node's zlib.
//   node scripts/make-icon.js
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 128;
const SCALE = SIZE / 24; // the SVG's 24-unit grid
const BACKGROUND = [0x31, 0x2e, 0x81]; // deep indigo
const FOREGROUND = [0xff, 0xff, 0xff];
const STROKE = 1.6 / 2; // half the SVG stroke width, in grid units

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
function arc(cx, cy, r, fromDeg, toDeg, steps = 12) {
  const pts = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((fromDeg + ((toDeg - fromDeg) * i) / steps) * Math.PI) / 180;
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return pts;
}
function roundedRect(x, y, w, h, r) {
  return [
    ...arc(x + w - r, y + r, r, -90, 0, 4),
    ...arc(x + w - r, y + h - r, r, 0, 90, 4),
    ...arc(x + r, y + h - r, r, 90, 180, 4),
    ...arc(x + r, y + r, r, 180, 270, 4),
    [x + w - r, y],
  ];
}
// Polylines in the 24-unit grid, mirroring polytomic.svg.
const polylines = [
  roundedRect(3, 3.5, 8, 6, 1.2),
  [[3, 6.5], [11, 6.5]],
  roundedRect(13, 14.5, 8, 6, 1.2),
  [[13, 17.5], [21, 17.5]],
  [[14, 6.5], [16.5, 6.5], ...arc(16.5, 9.5, 3, -90, 0), [19.5, 12]],
  [[17.5, 10.5], [19.5, 12.5], [21.5, 10.5]],
  [[10, 17.5], [7.5, 17.5], ...arc(7.5, 14.5, 3, 90, 180), [4.5, 12]],
  [[6.5, 13.5], [4.5, 11.5], [2.5, 13.5]],
];
function inkAt(gx, gy) {
  let d = Infinity;
  for (const line of polylines) {
    for (let i = 1; i < line.length; i++) d = Math.min(d, distToSegment(gx, gy, line[i - 1], line[i]));
  }
  return d <= STROKE;
}
// The drawing sits on a rounded square that fills the icon with a small margin.
function insideBadge(x, y) {
  const m = 4, r = 24, lo = m + r, hi = SIZE - m - r;
  const cx = Math.max(lo, Math.min(hi, x)), cy = Math.max(lo, Math.min(hi, y));
  return Math.hypot(x - cx, y - cy) <= r;
}

const N = 4;
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
// Inset the 24-grid drawing so it does not touch the badge edge.
const inset = 0.72, offset = (SIZE - SIZE * inset) / 2;
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let badge = 0, ink = 0;
    for (let sy = 0; sy < N; sy++) {
      for (let sx = 0; sx < N; sx++) {
        const px = x + (sx + 0.5) / N, py = y + (sy + 0.5) / N;
        if (!insideBadge(px, py)) continue;
        badge++;
        if (inkAt((px - offset) / (SCALE * inset), (py - offset) / (SCALE * inset))) ink++;
      }
    }
    const i = y * (SIZE * 4 + 1) + 1 + x * 4;
    const k = badge ? ink / badge : 0;
    for (let c = 0; c < 3; c++) raw[i + c] = Math.round(BACKGROUND[c] * (1 - k) + FOREGROUND[c] * k);
    raw[i + 3] = Math.round((255 * badge) / (N * N));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(__dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
