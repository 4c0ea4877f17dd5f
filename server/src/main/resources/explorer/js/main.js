// The explorer: a Leaflet map over the service's tiles, whose whole view lives in the URL.
import { fetchLimits, fetchPalettes, ServiceError } from './api.js';
import { autoIterations, decimalsFor, DEEPEST_ZOOM, maxZoomAt, TILE_ITERATIONS, tileIterations, spanString, zoomForSpan, formatSpan } from './geometry.js';
import { makeAnchor, MAX_LOCAL_ZOOM, moved, needsReanchor, toGlobal, toLocal, unitPixels } from './anchor.js';
import { format as formatDecimal, parse as parseDecimal } from './decimal.js';
import { DEFAULT_VIEW, parseView, formatView } from './state.js';
import { initMinibrot } from './minibrot.js';
import { fractalLayer } from './tiles.js';
import { initNotify, notify, clear } from './notify.js';
import { initExport } from './export.js';
import { PLACES } from './places.js';
import { initKeys } from './keys.js';

const L = window.L;
const $ = (id) => document.getElementById(id);

/**
 * The most iterations a tile may use: the service's default work limit for 256x256 pixels
 * (ServerConfig) until /api/v1/limits says what this instance allows (see loadTileLimit); a 4xx
 * naming iterations lowers it.
 */
let maxIterations = TILE_ITERATIONS;

const view = parseView(location.search);
let savedMandelbrot = null; // the Mandelbrot view to return to from a Julia set
let pointer = null; // container point of the mouse while it is over the map (the map may move under it)

/**
 * The exact origin of Leaflet's coordinates (see anchor.js). `ref` is where the view's decimal
 * strings (view.re, view.im) fall in local coordinates: the map has moved when its centre is
 * more than half a pixel from it.
 */
let anchor = makeAnchor(view.re, view.im, view.zoom ?? 0);
let ref = toLocal(anchor, view.re, view.im);
let anchoring = false;
let lastGrid = null; // Leaflet's whole-pixel centre at the last sync (see syncFromMap)

/**
 * Leaflet's CRS for an anchor: lng/lat are offsets from the anchor in units of its tile side
 * (256 px at the anchor's level, y down), and the zoom stays the global one, so tile (z, x, y)
 * is the service's level z.
 */
function crsFor(a) {
  return L.extend({}, L.CRS.Simple, {
    transformation: new L.Transformation(256, 0, -256, 0),
    scale: (zoom) => 2 ** (zoom - a.zo),
    zoom: (scale) => Math.log2(scale) + a.zo,
  });
}

/**
 * The map never shows anything beyond [-PLANE, PLANE]² (the set lies within radius 2). Every tile
 * that touches it (level 0 or deeper, see minZoom) then has its centre within [-10, 10]², the
 * most the service's render endpoint accepts.
 */
const PLANE = 8;
/** The most of the plane the map shows across its larger side when zoomed out all the way. */
const WIDEST = 12;

/** The plane beyond which panning meets resistance, in local coordinates (none when deep: too large for doubles to matter). */
function boundsFor(a) {
  if (a.zo > 24) return null;
  const corner = (re, im) => { const p = toLocal(a, re, im); return [p.lat, p.lng]; };
  return L.latLngBounds(corner(String(-PLANE), String(-PLANE)), corner(String(PLANE), String(PLANE)));
}

/**
 * The smallest zoom (in quarter steps): the map's larger side shows at most WIDEST units, so a view
 * centred within 2 of the origin (the whole set beside the panel is) zooms out about its centre
 * without meeting the bounds, and tiles are of level 0 or deeper (at most 4 units across).
 */
function minZoomFor(size) {
  return Math.max(-0.5, Math.ceil(4 * zoomForSpan(WIDEST, Math.max(size.x, size.y, 1))) / 4);
}

const map = L.map('map', {
  crs: crsFor(anchor),
  zoomSnap: 0.25,
  zoomDelta: 0.5,
  wheelPxPerZoomLevel: 90,
  wheelDebounceTime: 25,
  keyboardPanDelta: 120,
  minZoom: minZoomFor({ x: $('map').clientWidth, y: $('map').clientHeight }),
  maxZoom: DEEPEST_ZOOM,
  maxBounds: boundsFor(anchor),
  maxBoundsViscosity: 0.7,
  zoomControl: false,
  attributionControl: true,
  fadeAnimation: true,
  zoomAnimation: true,
});
L.control.zoom({ position: 'bottomright', zoomInTitle: 'Zoom in (+)', zoomOutTitle: 'Zoom out (−)' }).addTo(map);
map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');

// ---- tiles ----------------------------------------------------------------------------------
let layer = null;
let started = 0; // tiles requested since the map was last idle, for the loading bar

function colouring() {
  return { palette: view.palette, iterations: view.iterations, julia: view.julia, maxIterations };
}

function newLayer() {
  const next = fractalLayer(L, {
    colouring,
    anchor,
    onBusy: (e) => notify(`${e.message} Tiles will load as soon as it can take them.`, { kind: 'busy', timeout: 0 }),
    onRecovered: (stillWaiting) => { if (stillWaiting === 0) clear('busy'); },
    onError: (e) => {
      if (learnIterationLimit(e)) return;
      notify(e.message, { kind: 'error', timeout: 8000 });
    },
  });
  // Tiles on their way: a tile leaves the set when it loads, fails, or is dropped from the view.
  next.loading = new Set();
  next.on('tileloadstart', (e) => { next.loading.add(e.tile); started++; showLoading(); });
  next.on('tileload tileerror tileunload', (e) => { next.loading.delete(e.tile); showLoading(); });
  return next;
}

/**
 * A 4xx about iterations states the most a tile may use: remember it, lower the count to it and
 * redraw, and say so once. A safety net: the page reads the limits at start-up, so it only
 * speaks when the service allows less than /api/v1/limits said.
 */
function learnIterationLimit(e) {
  if (!(e instanceof ServiceError) || e.status < 400 || e.status >= 500 || e.parameter !== 'iterations') return false;
  const limit = statedIterationLimit(e.detail);
  if (limit === null) return false;
  // Already known (other tiles of the same view report it too): nothing more to do.
  if (limit >= maxIterations && (view.iterations === 'auto' || view.iterations <= limit)) return true;
  lowerIterations(limit);
  sayIterationLimit();
  syncFromMap();
  refreshTiles();
  return true;
}

/**
 * The iteration limit in the service's words (docs/API.md): "... at 65536 pixels use at most N
 * iterations" (work limit), "iterations must be <= N (the service's limit), got M" (the range),
 * "iterations = M exceeds the most a 256 x 256 tile may use under the work limit of W: N" (a
 * tile), "iterations = M exceeds the limit of N" (the iteration limit). Other numbers in the
 * text (the work limit W, the count M asked for) are not the answer.
 */
function statedIterationLimit(detail) {
  const match = /use at most (\d+) iterations/.exec(detail) ?? /<=\s*(\d+)/.exec(detail)
      ?? /:\s*(\d+)\s*\.?$/.exec(detail) ?? /limit of (\d+)\s*\.?$/.exec(detail);
  const limit = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(limit) && limit >= 1 ? limit : null;
}

/** The most a tile may use is `limit` from now on: a count above it comes down to it. */
function lowerIterations(limit) {
  maxIterations = Math.min(maxIterations, limit);
  if (view.iterations !== 'auto' && view.iterations > maxIterations) view.iterations = maxIterations;
}

function sayIterationLimit() {
  notify(`The service renders tiles with at most ${maxIterations.toLocaleString('en-US')} iterations; using that.`, { kind: 'limit', timeout: 6000 });
}

/**
 * Reads what this instance allows a tile from /api/v1/limits (its operator may have raised or
 * lowered MAX_WORK and MAX_ITERATIONS) and reads the link's iteration count again against it.
 * True when the link asked for more.
 */
async function loadTileLimit() {
  const limit = tileIterations(await fetchLimits());
  if (limit !== null) maxIterations = limit;
  const asked = parseView(location.search, Infinity).iterations;
  view.iterations = parseView(location.search, maxIterations).iterations;
  return asked !== 'auto' && asked > maxIterations;
}

/** Replaces the tiles (new palette, iterations or set) without a black flash: the old layer stays until the new one is ready. */
function refreshTiles() {
  const old = layer;
  layer = newLayer();
  started = 0;
  layer.addTo(map);
  if (old) {
    const drop = () => map.removeLayer(old);
    layer.once('load', drop);
    setTimeout(() => map.hasLayer(old) && drop(), 8000);
  }
}

function showLoading() {
  const pending = layer ? layer.loading.size : 0;
  const el = $('loading');
  el.classList.toggle('active', pending > 0);
  el.style.setProperty('--progress', started ? String(1 - pending / started) : '1');
  // Tests and curious users can read how many tiles are still on their way.
  document.body.dataset.tilesPending = String(pending);
  if (pending === 0) started = 0;
}

// ---- view <-> URL -----------------------------------------------------------------------------
/** Pixels on the left that the open panel covers on a wide screen (0 on phones: it is a bottom sheet). */
function coveredLeft() {
  const panel = $('panel');
  if (panel.classList.contains('collapsed') || window.matchMedia('(max-width: 640px)').matches) return 0;
  return panel.getBoundingClientRect().right;
}

/**
 * The view that shows `span` x `spanIm` around (re, im) in the part of the map the panel leaves
 * free: the zoom fits both extents and the map's centre moves left by half the covered width.
 */
function fitView(re, im, span, spanIm = null) {
  const zoom = fitZoom(span, spanIm);
  const left = coveredLeft();
  if (left === 0) return { re, im, zoom };
  return { re: shiftedByPixels(re, -left / 2, zoom), im, zoom };
}

/**
 * The zoom (in quarter steps) at which `span` (a number or decimal string) fits the width the
 * panel leaves free, and `spanIm` (by default 3/4 of it) the height.
 */
function fitZoom(span, spanIm = null) {
  const size = map.getSize();
  const tall = spanIm === null ? zoomForSpan(span, size.y / 0.75) : zoomForSpan(spanIm, size.y);
  return Math.floor(4 * Math.min(zoomForSpan(span, size.x - coveredLeft() - 16), tall)) / 4;
}

/**
 * Flies to the exact point (re, im) with `span` in view, centred on it: an animated flight in
 * the current anchor as deep as its precision allows (MAX_LOCAL_ZOOM levels below it), then,
 * unless the user took over meanwhile, the exact view.
 */
function flyTo(re, im, span) {
  // A jump: a new history entry, which the flight's moves and the landing then update.
  history.pushState(null, '', location.href);
  const zoom = Math.min(fitZoom(span), deepestZoom());
  const target = toLocal(anchor, re, im);
  const land = () => goTo(re, im, zoom);
  const far = !(Math.abs(target.lng) < 1e6 && Math.abs(target.lat) < 1e6);
  if (far || window.matchMedia('(prefers-reduced-motion: reduce)').matches) { land(); return; }
  const step = Math.min(zoom, anchor.zo + MAX_LOCAL_ZOOM);
  map.once('moveend', () => {
    if (Math.abs(map.getZoom() - step) < 0.3) land();
  });
  map.flyTo([target.lat, target.lng], step, { duration: Math.min(2.5, 0.8 + Math.abs(step - map.getZoom()) / 20) });
}

/** The decimal string `re` moved by `pixels` at `zoom`, exactly, rounded to 1/100 of a pixel. */
function shiftedByPixels(re, pixels, zoom) {
  const a = makeAnchor(re, '0', zoom);
  return moved(a, re, pixels / unitPixels(a, zoom), Math.max(decimalsFor(zoom), 2));
}

/** The whole set, centred beside the panel. */
function homeView() {
  return fitView('-0.65', '0', 3.3, 2.7);
}

function homeZoom() {
  return homeView().zoom;
}

function syncFromMap() {
  const zoom = map.getZoom();
  // Leaflet keeps the centre it was given until the map is dragged or panned; then it derives the
  // centre from whole-pixel positions, off the given one by up to half a pixel. A pan itself is a
  // whole number of pixels, so it is measured between two such derived centres, never against
  // the exact one: a 120-pixel pan moves the strings by exactly 120 pixels.
  const grid = map.containerPointToLatLng(map.getSize().divideBy(2));
  const pane = L.DomUtil.getPosition(map.getPane('mapPane'));
  const panned = Boolean(pane) && (pane.x !== 0 || pane.y !== 0) && lastGrid !== null;
  const centre = panned ? { lng: ref.lng + (grid.lng - lastGrid.lng), lat: ref.lat + (grid.lat - lastGrid.lat) } : map.getCenter();
  lastGrid = grid;
  const tolerance = 0.5 / unitPixels(anchor, zoom);
  // Keep the URL's decimal strings while the map still shows them (a shared deep link keeps
  // every digit); a coordinate that moved is moved by exactly what the map moved, in exact
  // decimal arithmetic, and rounded to 1/100 of a pixel.
  const decimals = decimalsFor(zoom);
  if (Math.abs(centre.lng - ref.lng) > tolerance) view.re = moved(anchor, view.re, centre.lng - ref.lng, decimals);
  if (Math.abs(centre.lat - ref.lat) > tolerance) view.im = moved(anchor, view.im, centre.lat - ref.lat, decimals);
  ref = toLocal(anchor, view.re, view.im);
  view.zoom = zoom;
  // Continuous moves (drag, wheel, keys) replace the entry; jumps made a new one first (see jump).
  history.replaceState(null, '', formatView(view));
  map.setMaxZoom(deepestZoom());
  render();
  if (!anchoring && needsReanchor(anchor, ref, zoom)) reanchor(zoom);
}

/** Deepest zoom of the current view: the service's for the Mandelbrot set, double precision for Julia sets. */
function deepestZoom() {
  return view.julia ? maxZoomAt(Number(view.re), Number(view.im)) : DEEPEST_ZOOM;
}

/**
 * Moves the map's origin to the view's exact centre (view.re, view.im) at `zoom`: a new CRS, a
 * new tile layer (its tiles are the same service tiles, so they come from the browser's cache),
 * and a snapshot of the old tiles underneath until the new ones have loaded, so nothing flashes.
 */
function reanchor(zoom) {
  anchoring = true;
  try {
    const snapshot = snapshotTiles();
    if (layer) map.removeLayer(layer);
    layer = null;
    anchor = makeAnchor(view.re, view.im, zoom);
    ref = toLocal(anchor, view.re, view.im);
    lastGrid = null;
    map.setMaxBounds(null);
    map.options.crs = crsFor(anchor);
    // Set directly, not with setMaxZoom: while the map is still at the old depth, setMaxZoom would
    // zoom it out at once (a Julia set stops near zoom 42), and that move, measured in the new
    // CRS from the old position, would rewrite view.re/view.im before the map got there.
    map.options.maxZoom = Math.max(deepestZoom(), zoom);
    map.options.minZoom = minZoomFor(map.getSize());
    // setView brings the centre inside the bounds at once (setMaxBounds alone would pan there
    // with an animation, after the new layer had asked for tiles where the view was).
    const bounds = boundsFor(anchor);
    map.options.maxBounds = bounds;
    map.setView([ref.lat, ref.lng], zoom, { reset: true });
    if (bounds) map.setMaxBounds(bounds);
    layer = newLayer();
    started = 0;
    layer.addTo(map);
    if (snapshot) {
      const drop = () => snapshot.remove();
      layer.once('load', drop);
      map.once('movestart zoomstart', drop);
      setTimeout(drop, 10_000);
    }
  } finally {
    anchoring = false;
  }
  document.body.dataset.anchorLevel = String(anchor.zo);
}

/** A canvas, under the map's panes, holding what the tiles show now; null when none is loaded. */
function snapshotTiles() {
  const container = map.getContainer();
  const tiles = [...container.querySelectorAll('.fractal-tiles img.leaflet-tile-loaded')].filter((t) => t.naturalWidth > 0);
  if (tiles.length === 0) return null;
  const box = container.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.className = 'tile-snapshot';
  canvas.width = Math.round(box.width * ratio);
  canvas.height = Math.round(box.height * ratio);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  for (const tile of tiles) {
    const r = tile.getBoundingClientRect();
    g.drawImage(tile, r.left - box.left, r.top - box.top, r.width, r.height);
  }
  container.prepend(canvas);
  return canvas;
}

function render() {
  const zoom = map.getZoom();
  $('centre-re').textContent = view.re;
  $('centre-im').textContent = view.im;
  $('span').textContent = formatSpan(zoom, map.getSize().x);
  $('zoom').textContent = zoom.toFixed(2).replace(/\.?0+$/, '');
  const its = currentIterations();
  const input = $('iterations');
  if (document.activeElement !== input) input.value = String(its);
  input.disabled = view.iterations === 'auto';
  $('iterations-auto').checked = view.iterations === 'auto';
  if (view.palette) $('palette').value = view.palette;
  const julia = Boolean(view.julia);
  $('mode-label').textContent = julia ? `Julia set, c = ${complex(view.julia.re, view.julia.im, 6)}` : 'Mandelbrot set';
  $('mode-label').title = julia ? `c = ${complex(view.julia.re, view.julia.im, 17)}` : '';
  const button = $('julia');
  button.textContent = julia ? 'Back to the Mandelbrot set' : 'Show the Julia set here';
  button.setAttribute('aria-pressed', String(julia));
  $('julia-text').replaceChildren(...(julia
    ? [`Showing the Julia set of c = ${complex(view.julia.re, view.julia.im, 12)}. Press `, kbd('J'), ' to go back.']
    : ['Every point c has a Julia set. Point at a place and press ', kbd('J'), ', or use the button for the centre.']));
  document.body.classList.toggle('julia-mode', julia);
  document.title = julia ? 'Julia set · Mandelbrot Explorer' : 'Mandelbrot Explorer';
  showCursor();
}

/** The exact point under the mouse, in the view as it is now (a zoom or a Julia set moves the map under a still mouse). */
function showCursor() {
  const cursor = $('cursor');
  if (!pointer) {
    cursor.textContent = 'move over the map';
    cursor.classList.add('muted');
    return;
  }
  const at = map.containerPointToLatLng(pointer);
  const p = toGlobal(anchor, at.lng, at.lat, decimalsFor(map.getZoom()));
  cursor.textContent = `${p.re}  ${p.im.startsWith('-') ? '−' : '+'} ${p.im.replace(/^-/, '')}i`;
  cursor.classList.remove('muted');
}

const kbd = (text) => Object.assign(document.createElement('kbd'), { textContent: text });

function complex(re, im, digits) {
  const r = Number(re);
  const i = Number(im);
  const fmt = (x) => String(Number(x.toPrecision(digits)));
  return `${fmt(r)} ${i < 0 ? '−' : '+'} ${fmt(Math.abs(i))}i`;
}

function currentIterations() {
  return view.iterations === 'auto' ? autoIterations(Math.round(map.getZoom()), maxIterations) : view.iterations;
}

/**
 * Runs `move`, a discrete jump (a place, J, Reset), as a new history entry, so that Back undoes
 * it; a jump that changes nothing adds nothing.
 */
function jump(move) {
  const before = location.href;
  move();
  const after = location.href;
  if (after === before) return;
  history.replaceState(null, '', before);
  history.pushState(null, '', after);
}

/** Back and Forward: the view of the entry, as a link to it would open it. */
function restoreFromHistory() {
  const next = parseView(location.search, maxIterations);
  if (next.julia && !view.julia) savedMandelbrot = { re: view.re, im: view.im, zoom: map.getZoom() };
  if (!next.julia) savedMandelbrot = null;
  view.palette = next.palette ?? view.palette;
  view.iterations = next.iterations;
  view.julia = next.julia;
  started = 0;
  const home = next.zoom === null ? homeView() : null;
  if (home && !next.julia && next.re === DEFAULT_VIEW.re && next.im === DEFAULT_VIEW.im) goTo(home.re, home.im, home.zoom);
  else goTo(next.re, next.im, next.zoom ?? homeZoom());
  describePalette();
}

/**
 * Centres the map on exact decimal strings at `zoom` (re-anchored there, with fresh tiles); the
 * strings are kept (see syncFromMap).
 */
function goTo(re, im, zoom) {
  view.re = re;
  view.im = im;
  const deepest = deepestZoom();
  reanchor(Math.min(zoom, deepest));
  syncFromMap();
  if (zoom > deepest) explainDepthLimit();
}

// ---- the deepest zoom ----------------------------------------------------------------------
function atDepthLimit() {
  return map.getZoom() >= map.getMaxZoom() - 1e-9;
}
function explainDepthLimit() {
  const spacing = formatSpan(map.getZoom(), 1);
  notify(view.julia
    ? `Deepest zoom for a Julia set: they are drawn in double precision, and beyond this neighbouring pixels (spacing ${spacing}) would be closer than it can tell apart, so the picture would turn to noise.`
    : `Deepest zoom reached: the service draws map tiles down to zoom ${DEEPEST_ZOOM}, a pixel spacing of ${spacing}.`,
  { kind: 'limit', timeout: 9000 });
}
map.on('zoomend', () => { if (atDepthLimit() && map.getZoom() > 20) explainDepthLimit(); else clear('limit'); });
map.getContainer().addEventListener('wheel', (e) => { if (e.deltaY < 0 && atDepthLimit()) explainDepthLimit(); }, { passive: true });
map.getContainer().addEventListener('keydown', (e) => { if ((e.key === '+' || e.key === '=') && atDepthLimit()) explainDepthLimit(); });

// ---- Julia ---------------------------------------------------------------------------------
/** A Julia parameter from exact coordinates: Julia sets are drawn in doubles, so 20 places are plenty. */
const juliaParameter = (re, im) => ({ re: roundPlaces(re, JULIA_PLACES), im: roundPlaces(im, JULIA_PLACES) });
const JULIA_PLACES = 20;
const roundPlaces = (s, places) => formatDecimal(parseDecimal(s), places);

function toggleJulia(useCentre) {
  if (view.julia) {
    const c = view.julia;
    view.julia = null;
    if (savedMandelbrot) goTo(savedMandelbrot.re, savedMandelbrot.im, savedMandelbrot.zoom);
    else goTo(c.re, c.im, Math.max(homeZoom(), 6));
  } else {
    const zoom = map.getZoom();
    let c;
    if (useCentre || !pointer) {
      c = juliaParameter(view.re, view.im);
    } else {
      const at = map.containerPointToLatLng(pointer);
      const point = toGlobal(anchor, at.lng, at.lat, Math.min(decimalsFor(zoom), JULIA_PLACES));
      c = juliaParameter(point.re, point.im);
    }
    if (Math.hypot(Number(c.re), Number(c.im)) > 2) {
      notify(`c = ${complex(c.re, c.im, 6)} lies outside the disc |c| ≤ 2: its Julia set is dust that no picture shows, so the service does not draw it.`, { kind: 'limit', timeout: 6000 });
      return;
    }
    savedMandelbrot = { re: view.re, im: view.im, zoom };
    view.julia = c;
    const fit = fitView('0', '0', 3.4, 3.4);
    goTo(fit.re, fit.im, fit.zoom);
  }
  notify(view.julia ? `Julia set of c = ${complex(view.julia.re, view.julia.im, 10)}` : 'Back to the Mandelbrot set', { timeout: 2500 });
}

// ---- controls ------------------------------------------------------------------------------
function initControls() {
  $('palette').addEventListener('change', (e) => {
    view.palette = e.target.value;
    syncFromMap();
    refreshTiles();
    describePalette();
  });
  $('iterations-auto').addEventListener('change', (e) => {
    view.iterations = e.target.checked ? 'auto' : currentIterations();
    syncFromMap();
    refreshTiles();
  });
  $('iterations').addEventListener('change', (e) => {
    const n = Math.round(Number(e.target.value));
    if (!Number.isFinite(n) || n < 1) {
      notify('Iterations must be a whole number of at least 1.', { kind: 'error' });
      render();
      return;
    }
    if (n > maxIterations) notify(`The service allows at most ${maxIterations.toLocaleString('en-US')} iterations; using that.`, { kind: 'limit' });
    view.iterations = Math.min(n, maxIterations);
    syncFromMap();
    refreshTiles();
  });
  $('julia').addEventListener('click', () => jump(() => toggleJulia(true)));
  $('reset').addEventListener('click', () => jump(reset));
  $('share').addEventListener('click', share);
  $('panel-toggle').addEventListener('click', togglePanel);
  if (window.matchMedia('(max-width: 640px)').matches) togglePanel();

  const list = $('places');
  for (const place of PLACES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'place';
    button.dataset.place = place.id;
    button.textContent = place.name;
    button.addEventListener('click', () => jump(() => visit(place)));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
}

function visit(place) {
  const wasJulia = Boolean(view.julia);
  const nextJulia = place.julia ?? null;
  if (!nextJulia && view.julia) savedMandelbrot = null;
  if (nextJulia && !view.julia) savedMandelbrot = { re: view.re, im: view.im, zoom: map.getZoom() };
  const changed = wasJulia !== Boolean(nextJulia) || (nextJulia && (nextJulia.re !== view.julia?.re || nextJulia.im !== view.julia?.im));
  view.julia = nextJulia;
  if (changed) started = 0;
  const fit = fitView(place.re, place.im, place.span);
  goTo(fit.re, fit.im, fit.zoom);
  if (window.matchMedia('(max-width: 640px)').matches && !$('panel').classList.contains('collapsed')) togglePanel();
}

function reset() {
  if (view.julia) { view.julia = null; savedMandelbrot = null; }
  const home = homeView();
  goTo(home.re, home.im, home.zoom);
}

async function share() {
  const url = location.href;
  try {
    await navigator.clipboard.writeText(url);
    notify('Link copied: it opens exactly this view.', { timeout: 3000 });
  } catch {
    notify(`Copy this link: ${url}`, { timeout: 12000 });
  }
}

function togglePanel() {
  const panel = $('panel');
  const collapsed = panel.classList.toggle('collapsed');
  const button = $('panel-toggle');
  button.setAttribute('aria-expanded', String(!collapsed));
  $('panel-toggle-label').textContent = collapsed ? 'Show controls' : 'Hide controls';
  button.title = collapsed ? 'Show controls (I)' : 'Hide controls (I)';
  // The focus was in the part now hidden (a control, then I): it stays on the panel, not the page's body.
  if (collapsed && $('panel-body').contains(document.activeElement)) button.focus();
  $('panel-body').hidden = collapsed;
}

let palettes = [];
function describePalette() {
  const p = palettes.find((x) => x.name === $('palette').value);
  $('palette-description').textContent = p?.description ?? '';
  const swatch = $('palette-swatch');
  swatch.hidden = !p?.colours.length;
  if (p?.colours.length) swatch.style.backgroundImage = `linear-gradient(90deg, ${p.colours.join(', ')})`;
}

async function loadPalettes() {
  const select = $('palette');
  let defaultName = null;
  try {
    ({ palettes, defaultName } = await fetchPalettes());
  } catch (e) {
    notify(`Palettes could not be loaded: ${e.message}`, { kind: 'error' });
    palettes = [];
  }
  select.replaceChildren(...palettes.map((p) => new Option(capitalise(p.name), p.name)));
  if (!view.palette || !palettes.some((p) => p.name === view.palette)) view.palette = defaultName;
  if (view.palette) select.value = view.palette;
  describePalette();
}

const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- start ---------------------------------------------------------------------------------
async function start() {
  initNotify();
  initControls();
  const [, lowered] = await Promise.all([loadPalettes(), loadTileLimit()]);
  map.on('moveend', syncFromMap);
  window.addEventListener('popstate', restoreFromHistory);
  map.on('mousemove', (e) => { pointer = e.containerPoint; showCursor(); });
  map.on('mouseout', () => { pointer = null; showCursor(); });
  map.on('resize', () => { map.setMinZoom(minZoomFor(map.getSize())); render(); });
  // A link without a centre or a zoom opens at the whole set; one with a centre alone, there.
  if (view.zoom === null && !view.julia && view.re === DEFAULT_VIEW.re && view.im === DEFAULT_VIEW.im) {
    const home = homeView();
    goTo(home.re, home.im, home.zoom);
  } else {
    goTo(view.re, view.im, view.zoom ?? homeZoom());
  }
  if (lowered) sayIterationLimit(); // after the first move, whose zoomend clears 'limit' messages
  const exporter = initExport(() => ({
    re: view.re, im: view.im, zoom: map.getZoom(),
    span: spanString(map.getZoom(), map.getSize().x), width: map.getSize().x, height: map.getSize().y,
    iterations: currentIterations(), palette: view.palette, julia: view.julia,
  }));
  const minibrot = initMinibrot({
    current: () => ({ re: view.re, im: view.im, span: spanString(map.getZoom(), map.getSize().x), julia: Boolean(view.julia) }),
    land: flyTo,
  });
  initKeys({
    minibrot: minibrot.find,
    julia: () => jump(() => toggleJulia(false)),
    panel: togglePanel,
    exporter: exporter.open,
    reset: () => jump(reset),
    focusMap: () => map.getContainer().focus(),
  });
  // The skip link moves focus to the map without putting "#map" into the shareable URL.
  document.querySelector('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    map.getContainer().focus();
  });
  document.body.classList.add('ready');
}

start();
