// Deep zoom without losing digits: Leaflet works in doubles, so the map lives in coordinates
// relative to an exact "anchor" and the exact position is always anchor + local offset.
//
// The anchor is the top-left corner of the tile of level `zo` (a few levels above the view's
// zoom) that holds the view's centre: (ore, oim) = (-2 + x0 u, 2 - y0 u) with u = 4 / 2^zo, exact.
// Leaflet's "lng"/"lat" are offsets from it in units of u (lat grows upward, as im does), so they
// stay small and precise while the view is near the anchor and a few tens of levels below it.
// A local tile (z, tx, ty) is then the service's tile (z, x0 2^(z-zo) + tx, y0 2^(z-zo) + ty): the
// grid is the service's own grid, whatever the anchor. When the view zooms far from `zo` or
// drifts far from the corner, the map is re-anchored at its (exact) centre.
import * as D from './decimal.js';

/** How many levels above the view's zoom the anchor's tile level is (room to zoom out). */
export const LEVELS_ABOVE = 12;
/** Re-anchor once the view is this many levels below the anchor: pixels are then 2^-38 units. */
export const MAX_LOCAL_ZOOM = 30;
/** ...or this many levels, or fewer, while a shallower anchor exists. */
export const MIN_LOCAL_ZOOM = 3;
/** ...or when the centre is this many units from the corner. */
export const MAX_DRIFT = 64;

const TWO = { num: 2n, den: 1n };
const MINUS_TWO = { num: -2n, den: 1n };

/** The anchor for a view centred on the decimal strings (re, im) at `zoom`. */
export function makeAnchor(re, im, zoom) {
  const zo = Math.max(0, Math.floor(zoom) - LEVELS_ABOVE);
  const x0 = D.floor(D.scale2(D.sub(D.parse(re), MINUS_TWO), zo - 2));
  const y0 = D.floor(D.scale2(D.sub(TWO, D.parse(im)), zo - 2));
  return Object.freeze({
    zo, x0, y0,
    ore: D.add(MINUS_TWO, D.dyadic(x0, 2 - zo)),
    oim: D.sub(TWO, D.dyadic(y0, 2 - zo)),
  });
}

/** Local coordinates {lng, lat} (doubles) of the exact point (re, im), given as decimal strings. */
export function toLocal(anchor, re, im) {
  return {
    lng: D.toNumber(D.scale2(D.sub(D.parse(re), anchor.ore), anchor.zo - 2)),
    lat: D.toNumber(D.scale2(D.sub(D.parse(im), anchor.oim), anchor.zo - 2)),
  };
}

/** The exact point at local (lng, lat), as decimal strings rounded to `places` decimal places. */
export function toGlobal(anchor, lng, lat, places) {
  return {
    re: D.format(D.add(anchor.ore, D.scale2(D.fromNumber(lng), 2 - anchor.zo)), places),
    im: D.format(D.add(anchor.oim, D.scale2(D.fromNumber(lat), 2 - anchor.zo)), places),
  };
}

/** The decimal string `s` moved by `delta` local units, exactly, then rounded to `places`. */
export function moved(anchor, s, delta, places) {
  return D.format(D.add(D.parse(s), D.scale2(D.fromNumber(delta), 2 - anchor.zo)), places);
}

/** Side of one local unit in pixels at `zoom`. */
export function unitPixels(anchor, zoom) {
  return 256 * 2 ** (zoom - anchor.zo);
}

/** The service's tile {x, y} (BigInt) under local tile (z, tx, ty), or null above the anchor's level. */
export function serviceTile(anchor, z, tx, ty) {
  if (z < anchor.zo) return null;
  const s = BigInt(z - anchor.zo);
  return { x: (anchor.x0 << s) + BigInt(tx), y: (anchor.y0 << s) + BigInt(ty) };
}

/**
 * Centre of local tile (z, tx, ty) as decimal strings rounded to `places`, for tiles the tile
 * endpoint does not serve: its corner is the anchor plus (tx, -ty) tile sides of 4 / 2^z.
 */
export function tileCentre(anchor, z, tx, ty, places) {
  // A tile's side at level z is 2^(2 - z), so its centre is (t + 1/2) 2^(2 - z) = (2t + 1) 2^(1 - z) from the corner.
  const re = D.add(anchor.ore, D.dyadic(2 * tx + 1, 1 - z));
  const im = D.sub(anchor.oim, D.dyadic(2 * ty + 1, 1 - z));
  return { re: D.format(re, places), im: D.format(im, places) };
}

/** True when the view (local centre, zoom) has moved far enough from the anchor to re-anchor. */
export function needsReanchor(anchor, centre, zoom) {
  const local = zoom - anchor.zo;
  return local > MAX_LOCAL_ZOOM || (local < MIN_LOCAL_ZOOM && anchor.zo > 0)
    || Math.abs(centre.lng) > MAX_DRIFT || Math.abs(centre.lat) > MAX_DRIFT;
}
