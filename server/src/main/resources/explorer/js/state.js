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
  // Each coordinate on its own: a link with a good re and a bad (or no) im keeps its re. Beyond
  // [-8, 8] the map shows nothing (see PLANE in main.js): such a coordinate is malformed.
  const coordinate = (s) => (isDecimal(s) && Math.abs(Number(s)) <= 8 ? s.trim() : null);
  view.re = coordinate(q.get('re')) ?? view.re;
  view.im = coordinate(q.get('im')) ?? view.im;
  // Number('') is 0: an empty zoom is no zoom, not zoom 0.
  const zoomText = q.get('zoom')?.trim() ?? '';
  const zoom = Number(zoomText);
  if (zoomText !== '' && Number.isFinite(zoom) && zoom >= -4 && zoom <= 1e6) view.zoom = zoom; // clamped to the deepest zoom on arrival
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
