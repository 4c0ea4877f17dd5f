// The view as the URL holds it: parse and serialise, never touching the DOM or the map.
import { isDecimal, TILE_ITERATIONS } from './geometry.js';

/**
 * A view of the explorer. `re`/`im` are decimal strings, kept exactly as given so that a
 * shared link reproduces its view digit for digit, however deep; `zoom` is the map's zoom
 * (tile 0/0/0 = 0, up to DEEPEST_ZOOM);
 * `iterations` is a number or 'auto'; `julia` is null (Mandelbrot) or {re, im} strings.
 */
export const DEFAULT_VIEW = Object.freeze({
  re: '-0.6', im: '0', zoom: null, palette: null, iterations: 'auto', julia: null,
});


/**
 * Reads a view from a query string; anything malformed falls back to the default, field by field.
 * An iteration count beyond `maxIterations` (the most a tile may use, by default the service's
 * default limit) is lowered to it.
 */
export function parseView(search, maxIterations = TILE_ITERATIONS) {
  const q = new URLSearchParams(search);
  const view = { ...DEFAULT_VIEW };
  const re = q.get('re');
  const im = q.get('im');
  // Beyond [-8, 8]² the map shows nothing (see PLANE in main.js): such a centre is malformed.
  if (isDecimal(re) && isDecimal(im) && Math.abs(Number(re)) <= 8 && Math.abs(Number(im)) <= 8) {
    view.re = re.trim();
    view.im = im.trim();
  }
  const zoom = Number(q.get('zoom'));
  if (q.has('zoom') && Number.isFinite(zoom) && zoom >= -4 && zoom <= 1e6) view.zoom = zoom; // clamped to the deepest zoom on arrival
  const palette = q.get('palette');
  if (palette && /^[A-Za-z0-9_-]{1,40}$/.test(palette)) view.palette = palette;
  const iterations = q.get('iterations');
  if (iterations && /^\d{1,7}$/.test(iterations) && Number(iterations) >= 1) view.iterations = Math.min(Number(iterations), maxIterations);
  const jre = q.get('julia_re');
  const jim = q.get('julia_im');
  // The service draws Julia sets for |c| <= 2 only (beyond, they are dust no pixel grid shows).
  if (isDecimal(jre) && isDecimal(jim) && Math.hypot(Number(jre), Number(jim)) <= 2) view.julia = { re: jre.trim(), im: jim.trim() };
  return view;
}

/** The query string of a view, in a fixed order so that equal views give equal URLs. */
export function formatView(view) {
  const q = new URLSearchParams();
  q.set('re', view.re);
  q.set('im', view.im);
  if (view.zoom !== null) q.set('zoom', String(Math.round(view.zoom * 1000) / 1000));
  if (view.palette) q.set('palette', view.palette);
  if (view.iterations !== 'auto') q.set('iterations', String(view.iterations));
  if (view.julia) {
    q.set('julia_re', view.julia.re);
    q.set('julia_im', view.julia.im);
  }
  return '?' + q.toString();
}
