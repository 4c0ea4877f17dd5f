// The explorer: a Leaflet map over the service's tiles, whose whole view lives in the URL.
import { fetchPalettes, ServiceError } from './api.js';
import { autoIterations, decimalsFor, maxZoomAt, pixelSpacing, SCALE0, spanAt, toDecimal, zoomForSpan, formatSpan } from './geometry.js';
import { parseView, formatView } from './state.js';
import { fractalLayer } from './tiles.js';
import { initNotify, notify, clear } from './notify.js';
import { initExport } from './export.js';
import { PLACES } from './places.js';
import { initKeys } from './keys.js';

const L = window.L;
const $ = (id) => document.getElementById(id);

/** The service's iteration limit (ServerConfig default); a 4xx naming iterations lowers it. */
let maxIterations = 100_000;

// Tile 0/0/0 covers re, im in [-2, 2]: lng = re, lat = im, 64 px per unit at zoom 0, y down.
const CRS = L.extend({}, L.CRS.Simple, {
  transformation: new L.Transformation(SCALE0, 2 * SCALE0, -SCALE0, 2 * SCALE0),
});

const view = parseView(location.search);
let savedMandelbrot = null; // the Mandelbrot view to return to from a Julia set
let pointer = null; // latlng under the mouse while it is over the map

const map = L.map('map', {
  crs: CRS,
  zoomSnap: 0.25,
  zoomDelta: 0.5,
  wheelPxPerZoomLevel: 90,
  wheelDebounceTime: 25,
  keyboardPanDelta: 120,
  minZoom: -1,
  maxZoom: maxZoomAt(Number(view.re), Number(view.im)),
  maxBounds: L.latLngBounds([-3, -3.2], [3, 3.2]),
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
 * A 422 about iterations states the most a tile may use ("... the limit of N" or "use at most N
 * iterations"): remember it, lower the count to it and redraw, and say so once.
 */
function learnIterationLimit(e) {
  if (!(e instanceof ServiceError) || e.status !== 422 || e.parameter !== 'iterations') return false;
  const match = /use at most (\d+) iterations/.exec(e.message) ?? /limit of (\d+)\b/.exec(e.message);
  if (!match) return false;
  const limit = Number(match[1]);
  // Already known (other tiles of the same view report it too): nothing more to do.
  if (limit >= maxIterations && (view.iterations === 'auto' || view.iterations <= limit)) return true;
  maxIterations = limit;
  if (view.iterations !== 'auto' && view.iterations > limit) view.iterations = limit;
  notify(`The service renders tiles with at most ${limit.toLocaleString('en-US')} iterations; using that.`, { kind: 'limit', timeout: 6000 });
  syncFromMap();
  refreshTiles();
  return true;
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
function fitView(re, im, span, spanIm = span * 0.75) {
  const size = map.getSize();
  const left = coveredLeft();
  const zoom = Math.floor(4 * Math.min(zoomForSpan(span, size.x - left - 16), zoomForSpan(spanIm, size.y))) / 4;
  if (left === 0) return { re, im, zoom };
  const shifted = Number(re) - (left / 2) * pixelSpacing(zoom);
  return { re: toDecimal(shifted, decimalsFor(zoom)), im, zoom };
}

/** The whole set, centred beside the panel. */
function homeView() {
  return fitView('-0.65', '0', 3.3, 2.7);
}

function homeZoom() {
  return homeView().zoom;
}

function syncFromMap() {
  const centre = map.getCenter();
  const zoom = map.getZoom();
  const tolerance = pixelSpacing(zoom) / 2;
  // Keep the URL's decimal strings while the map still shows them (a shared deep link keeps
  // every digit); a coordinate that moved is rewritten to 1/100 of a pixel.
  const decimals = decimalsFor(zoom);
  if (Math.abs(centre.lng - Number(view.re)) > tolerance) view.re = toDecimal(centre.lng, decimals);
  if (Math.abs(centre.lat - Number(view.im)) > tolerance) view.im = toDecimal(centre.lat, decimals);
  view.zoom = zoom;
  history.replaceState(null, '', formatView(view));
  map.setMaxZoom(maxZoomAt(centre.lng, centre.lat));
  render();
}

function render() {
  const zoom = map.getZoom();
  $('centre-re').textContent = view.re;
  $('centre-im').textContent = view.im;
  $('span').textContent = formatSpan(spanAt(zoom, map.getSize().x));
  $('zoom').textContent = zoom.toFixed(2).replace(/\.?0+$/, '');
  const its = currentIterations();
  const input = $('iterations');
  if (document.activeElement !== input) input.value = String(its);
  input.disabled = view.iterations === 'auto';
  $('iterations-auto').checked = view.iterations === 'auto';
  if (view.palette) $('palette').value = view.palette;
  const julia = Boolean(view.julia);
  $('mode-label').textContent = julia ? `Julia set, c = ${complex(view.julia.re, view.julia.im, 6)}` : 'Mandelbrot set';
  const button = $('julia');
  button.textContent = julia ? 'Back to the Mandelbrot set' : 'Show the Julia set here';
  button.setAttribute('aria-pressed', String(julia));
  $('julia-text').replaceChildren(...(julia
    ? [`Showing the Julia set of c = ${complex(view.julia.re, view.julia.im, 12)}. Press `, kbd('J'), ' to go back.']
    : ['Every point c has a Julia set. Point at a place and press ', kbd('J'), ', or use the button for the centre.']));
  document.body.classList.toggle('julia-mode', julia);
  document.title = julia ? 'Julia set · Mandelbrot Explorer' : 'Mandelbrot Explorer';
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

/** Centres the map on exact decimal strings; the strings are kept (see syncFromMap). */
function goTo(re, im, zoom) {
  view.re = re;
  view.im = im;
  map.setMaxZoom(maxZoomAt(Number(re), Number(im)));
  map.setView([Number(im), Number(re)], zoom, { animate: false });
  syncFromMap();
  if (zoom > map.getMaxZoom()) explainDepthLimit();
}

// ---- the double-precision floor ------------------------------------------------------------
function atDepthLimit() {
  return map.getZoom() >= map.getMaxZoom() - 1e-9;
}
function explainDepthLimit() {
  notify(`Deepest zoom reached. Beyond this, neighbouring pixels are closer than double precision can tell apart (spacing ${formatSpan(pixelSpacing(map.getZoom()))}), so the picture would turn to noise. Arbitrary-precision deep zoom is not available yet.`,
    { kind: 'limit', timeout: 9000 });
}
map.on('zoomend', () => { if (atDepthLimit() && map.getZoom() > 20) explainDepthLimit(); else clear('limit'); });
map.getContainer().addEventListener('wheel', (e) => { if (e.deltaY < 0 && atDepthLimit()) explainDepthLimit(); }, { passive: true });
map.getContainer().addEventListener('keydown', (e) => { if ((e.key === '+' || e.key === '=') && atDepthLimit()) explainDepthLimit(); });

// ---- Julia ---------------------------------------------------------------------------------
function toggleJulia(useCentre) {
  if (view.julia) {
    const c = view.julia;
    view.julia = null;
    refreshTiles();
    if (savedMandelbrot) goTo(savedMandelbrot.re, savedMandelbrot.im, savedMandelbrot.zoom);
    else goTo(c.re, c.im, Math.max(homeZoom(), 6));
  } else {
    const zoom = map.getZoom();
    const decimals = decimalsFor(zoom);
    const point = !useCentre && pointer ? pointer : map.getCenter();
    savedMandelbrot = { re: view.re, im: view.im, zoom };
    view.julia = useCentre || !pointer
      ? { re: view.re, im: view.im }
      : { re: toDecimal(point.lng, decimals), im: toDecimal(point.lat, decimals) };
    refreshTiles();
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
  $('julia').addEventListener('click', () => toggleJulia(true));
  $('reset').addEventListener('click', reset);
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
    button.addEventListener('click', () => visit(place));
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
  if (changed) refreshTiles();
  const fit = fitView(place.re, place.im, place.span);
  goTo(fit.re, fit.im, fit.zoom);
  if (window.matchMedia('(max-width: 640px)').matches && !$('panel').classList.contains('collapsed')) togglePanel();
}

function reset() {
  if (view.julia) { view.julia = null; savedMandelbrot = null; refreshTiles(); }
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
  await loadPalettes();
  map.on('moveend', syncFromMap);
  map.on('mousemove', (e) => {
    pointer = e.latlng;
    const d = decimalsFor(map.getZoom());
    $('cursor').textContent = `${toDecimal(e.latlng.lng, d)}  ${e.latlng.lat < 0 ? '−' : '+'} ${toDecimal(Math.abs(e.latlng.lat), d)}i`;
    $('cursor').classList.remove('muted');
  });
  map.on('mouseout', () => { pointer = null; $('cursor').textContent = 'move over the map'; $('cursor').classList.add('muted'); });
  map.on('resize', render);
  refreshTiles();
  if (view.zoom === null && !view.julia) {
    const home = homeView();
    goTo(home.re, home.im, home.zoom);
  } else {
    goTo(view.re, view.im, view.zoom ?? homeZoom());
  }
  const exporter = initExport(() => ({
    re: view.re, im: view.im, zoom: map.getZoom(),
    span: spanAt(map.getZoom(), map.getSize().x), width: map.getSize().x, height: map.getSize().y,
    iterations: currentIterations(), palette: view.palette, julia: view.julia,
  }));
  initKeys({
    julia: () => toggleJulia(false),
    panel: togglePanel,
    exporter: exporter.open,
    reset,
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
