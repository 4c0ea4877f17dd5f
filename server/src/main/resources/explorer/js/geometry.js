// Pure geometry of the explorer's map: how Leaflet's zoom and pixels relate to the complex
// plane, how precise a view can be, and how numbers are written. No DOM, no Leaflet.

/** Tile size in pixels; tile 0/0/0 covers re in [-2, 2] and im in [-2, 2]. */
export const TILE = 256;
/** Width of the complex plane covered by tile 0/0/0. */
export const WORLD = 4;
/** Pixels per unit of the complex plane at zoom 0 (256 px for 4 units). */
export const SCALE0 = TILE / WORLD;

/**
 * Smallest pixel spacing we allow, relative to the magnitude of the numbers involved:
 * 2^-48 leaves about 16 double-precision steps between neighbouring pixels. Below that the
 * service's double-precision kernels would show blocks and noise instead of the set, so the
 * map stops zooming (deep zoom with arbitrary precision is future work of the renderer).
 */
export const RELATIVE_PRECISION = 2 ** -48;

/** Distance in the complex plane between two neighbouring pixels at a (possibly fractional) zoom. */
export function pixelSpacing(zoom) {
  return 2 ** (-Math.log2(SCALE0) - zoom);
}

/** Real-axis width of a viewport `widthPx` pixels wide at `zoom`. */
export function spanAt(zoom, widthPx) {
  return widthPx * pixelSpacing(zoom);
}

/** The zoom at which `widthPx` pixels cover `span` units of the real axis. */
export function zoomForSpan(span, widthPx) {
  return -Math.log2(SCALE0) - Math.log2(span / widthPx);
}

/**
 * Deepest zoom at which a view centred on (re, im) is still meaningful in double precision.
 * Orbits pass through values up to |z| = 2, so the magnitude is at least 1.
 */
export function maxZoomAt(re, im) {
  const magnitude = Math.max(1, Math.abs(re), Math.abs(im));
  return Math.floor(-Math.log2(SCALE0) - Math.log2(magnitude * RELATIVE_PRECISION));
}

/** Decimal places that pin a coordinate to 1/100 of a pixel at `zoom` (never fewer than 2). */
export function decimalsFor(zoom) {
  return Math.max(2, Math.ceil(-Math.log10(pixelSpacing(zoom))) + 2);
}

/**
 * A plain decimal string (no exponent) of `x` rounded to `decimals` places, without trailing
 * zeros: exact enough to restore the view and short enough to read. "-0" becomes "0".
 */
export function toDecimal(x, decimals) {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  let s = x.toFixed(Math.min(100, Math.max(0, decimals)));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** True when `s` is a decimal number the service accepts (optional sign, digits, point, exponent). */
export function isDecimal(s) {
  return typeof s === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** A short human form of a span or spacing: 3 significant digits, exponent when tiny or huge. */
export function formatSpan(x) {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(2).split('e');
  return `${mantissa}×10${[...String(Number(exponent))].map((c) => SUPERSCRIPT[c]).join('')}`;
}

/**
 * Iteration count used in automatic mode for tiles at integer zoom `z`: deeper views need more
 * iterations to separate points that escape late. Grows quadratically (200 at z = 0, about
 * 2 000 at z = 20, 5 828 at z = 42), capped by the service's maximum.
 */
export function autoIterations(z, max = 100_000) {
  const zz = Math.max(0, z);
  return Math.min(max, Math.round(200 + 50 * zz + 2 * zz * zz));
}

/** Centre of tile (z, x, y) in the complex plane, and its span, as numbers (exact: dyadic). */
export function tileViewport(z, x, y) {
  const n = 2 ** z;
  const size = WORLD / n;
  return { re: -WORLD / 2 + (x + 0.5) * size, im: WORLD / 2 - (y + 0.5) * size, span: size };
}
