// Pure geometry of the explorer's map: how Leaflet's zoom and pixels relate to the complex
// plane, how precise a view can be, and how numbers are written. No DOM, no Leaflet.
import { format, isDecimal, log10, scientific } from './decimal.js';

/** Tile size in pixels; tile 0/0/0 covers re in [-2, 2] and im in [-2, 2]. */
export const TILE = 256;
/** Width of the complex plane covered by tile 0/0/0. */
export const WORLD = 4;
/** Pixels per unit of the complex plane at zoom 0 (256 px for 4 units). */
export const SCALE0 = TILE / WORLD;

/**
 * Deepest zoom of the Mandelbrot map: the tile endpoint's deepest level (z = 4000, a pixel
 * spacing of 2^-4006, about 1e-1206). The renderer's arbitrary precision goes further (to about
 * 1e-10000), but tile addresses and centres would then be tens of kilobytes long, and each
 * reference orbit would take seconds; see docs/EXPLORER.md.
 */
export const DEEPEST_ZOOM = 4000;

/**
 * Julia sets are drawn in double precision only: the smallest pixel spacing that stays
 * meaningful, relative to the magnitude of the numbers involved, is 2^-48 (about 16
 * double-precision steps between neighbouring pixels).
 */
export const RELATIVE_PRECISION = 2 ** -48;

const LOG10_2 = Math.log10(2);

/** Distance in the complex plane between two neighbouring pixels at a (possibly fractional) zoom. */
export function pixelSpacing(zoom) {
  return 2 ** (-Math.log2(SCALE0) - zoom);
}

/** Real-axis width of a viewport `widthPx` pixels wide at `zoom`. */
export function spanAt(zoom, widthPx) {
  return widthPx * pixelSpacing(zoom);
}

/** log10 of the real-axis width of `widthPx` pixels at `zoom`: exact enough at any depth. */
export function spanLog10(zoom, widthPx) {
  return Math.log10(widthPx) - (zoom + Math.log2(SCALE0)) * LOG10_2;
}

/** The span readout: "0.0123", "1.23e-150". */
export function formatSpan(zoom, widthPx) {
  return scientific(spanLog10(zoom, widthPx), 3);
}

/** The span of `widthPx` pixels at `zoom` as a decimal string the service accepts (15 digits when deep). */
export function spanString(zoom, widthPx) {
  return zoom < 40 ? String(spanAt(zoom, widthPx)) : scientific(spanLog10(zoom, widthPx), 15);
}

/** The zoom at which `widthPx` pixels cover `span` (a number or a decimal string) of the real axis. */
export function zoomForSpan(span, widthPx) {
  const log2 = typeof span === 'number' ? Math.log2(span) : log10(span) / LOG10_2;
  return -Math.log2(SCALE0) - log2 + Math.log2(widthPx);
}

/**
 * Deepest zoom at which a Julia set centred on (re, im) is still meaningful in double
 * precision. Orbits pass through values up to |z| = 2, so the magnitude is at least 1.
 */
export function maxZoomAt(re, im) {
  const magnitude = Math.max(1, Math.abs(re), Math.abs(im));
  return Math.floor(-Math.log2(SCALE0) - Math.log2(magnitude * RELATIVE_PRECISION));
}

/** Decimal places that pin a coordinate to 1/100 of a pixel at `zoom` (never fewer than 2). */
export function decimalsFor(zoom) {
  return Math.max(2, Math.ceil((zoom + Math.log2(SCALE0)) * LOG10_2) + 2);
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

export { isDecimal };

/**
 * Iteration count used in automatic mode for tiles at integer zoom `z`: deeper views need more
 * iterations to separate points that escape late, and the minibrots met on the way down have
 * periods in the thousands. Quadratic while shallow (200 at z = 0, 2 000 at z = 20, 5 828 at
 * z = 42), then 250 more per level (20 828 at z = 102, about 1e-29), capped by `max`: the
 * service's limit for a 256x256 tile (MAX_WORK / 65 536 = 61 035 by default, reached near z = 263).
 */
export function autoIterations(z, max = TILE_ITERATIONS) {
  const zz = Math.max(0, z);
  const wanted = zz <= 42 ? 200 + 50 * zz + 2 * zz * zz : 5828 + 250 * (zz - 42);
  return Math.min(max, Math.round(wanted));
}

/** The most iterations the service's default work limit (4e9) allows a 256x256 tile. */
export const TILE_ITERATIONS = Math.floor(4_000_000_000 / (TILE * TILE));

/**
 * The most iterations a 256x256 tile may use under the limits /api/v1/limits reports
 * ({maxIterations, maxWork}); null when they do not say.
 */
export function tileIterations(limits) {
  const { maxIterations, maxWork } = limits ?? {};
  if (!(Number.isFinite(maxIterations) && maxIterations >= 1 && Number.isFinite(maxWork) && maxWork >= 1)) return null;
  return Math.max(1, Math.min(maxIterations, Math.floor(maxWork / (TILE * TILE))));
}

/**
 * Real-axis width of a tile of level `z`, 2^(2 - z), as a decimal string: exact while it has at
 * most 60 decimal places, beyond that 40 significant digits (seams then differ by < 1e-35 px).
 */
export function levelSpan(z) {
  if (z <= 2) return String(2 ** (2 - z));
  const digits = (5n ** BigInt(z - 2)).toString(); // 2^-(z-2) = 5^(z-2) / 10^(z-2)
  if (z - 2 <= 60) return format({ num: BigInt(digits), den: 10n ** BigInt(z - 2) }, z - 2);
  const exponent = digits.length - 1 - (z - 2);
  return `${digits[0]}.${digits.slice(1, 40)}e${exponent}`;
}

/** Decimal places that pin a tile of level `z` to 1/1000 of a pixel. */
export function tilePlaces(z) {
  return Math.max(2, Math.ceil((z + Math.log2(TILE) - 2) * LOG10_2) + 3);
}
