// The fractal tile layer: one <img> per 256x256 tile, fetched from the service with retries
// while it is busy, cancelled when the tile leaves the view (the service then stops rendering it).
import { getWithRetry, renderQuery, RETRY, ServiceError, transient } from './api.js';
import { DEEPEST_ZOOM, TILE, autoIterations, levelSpan, tilePlaces } from './geometry.js';
import { serviceTile, tileCentre } from './anchor.js';

/**
 * URL of local tile (z, x, y) of the map anchored at `anchor` (see anchor.js) for the given
 * colouring: the service's tile, whose x and y are computed exactly with BigInt. Julia tiles,
 * tiles beyond [-2, 2] x [-2, 2] (the tile endpoint has none there, but the plane goes on, so a
 * wide screen never shows an edge) and tiles above the anchor's level come from the render
 * endpoint, centred on the same pixel grid to 1/1000 of a pixel.
 */
export function tileUrl({ z, x, y }, { palette, iterations, julia, maxIterations }, anchor) {
  const its = iterations === 'auto' ? autoIterations(z, maxIterations) : iterations;
  const tile = z >= 0 ? serviceTile(anchor, z, x, y) : null;
  const n = z >= 0 ? 1n << BigInt(z) : 0n;
  if (julia || !tile || tile.x < 0n || tile.y < 0n || tile.x >= n || tile.y >= n) {
    const c = tileCentre(anchor, z, x, y, tilePlaces(z));
    return 'api/v1/render?' + renderQuery({ re: c.re, im: c.im, span: levelSpan(z), width: TILE, height: TILE, iterations: its, palette, julia });
  }
  const q = new URLSearchParams();
  if (palette) q.set('palette', palette);
  q.set('iterations', String(its));
  return `tiles/${z}/${tile.x}/${tile.y}.png?${q}`;
}

/**
 * Tile requests one page keeps in flight. The service renders each tile on every core and lets
 * renders queue only up to a total work (QUEUE_WORK, 8e9 pixel-iterations by default): deep
 * tiles at tens of thousands of iterations carry up to 4e9 each, so more requests at once would
 * only be refused with 503 and retried. The rest wait here, in order, and leave when cancelled.
 */
export const MAX_IN_FLIGHT = 4;
let inFlight = 0;
const waiters = [];

function acquire(signal) {
  if (inFlight < MAX_IN_FLIGHT) { inFlight++; return Promise.resolve(); }
  return new Promise((resolve, reject) => {
    const waiter = { resolve };
    waiters.push(waiter);
    signal.addEventListener('abort', () => {
      const i = waiters.indexOf(waiter);
      if (i >= 0) { waiters.splice(i, 1); reject(new DOMException('aborted', 'AbortError')); }
    }, { once: true });
  });
}

function release() {
  const next = waiters.shift();
  if (next) next.resolve(); else inFlight--;
}

/** GET of a tile within the page's in-flight limit; the slot is held until the body is read. */
async function limited(url, options) {
  await acquire(options.signal);
  try {
    const response = await getWithRetry(url, options);
    return await response.blob();
  } finally {
    release();
  }
}

/**
 * Creates the layer for the map anchored at `options.anchor`. `options.colouring()` returns the current {palette, iterations, julia,
 * maxIterations}; `options.onBusy(error)` and `options.onError(error)` report trouble;
 * `options.onRecovered(waiting)` says a tile that had to wait loaded (or was dropped), with the
 * number of tiles still waiting for the service, so the "busy" message can go when it is 0.
 *
 * A tile that gave up while the service was busy or out of reach is not left blank: it is asked
 * for again as soon as any tile of the layer loads (the service is back), when the browser comes
 * back online, and every RETRY.healMs meanwhile (one tile, once, as a probe), so the map heals
 * itself after an outage without anyone touching it.
 */
export function fractalLayer(L, options) {
  let waiting = 0;
  const failed = new Set(); // tiles that gave up for a reason that may pass, each with its `_load`
  let probe = null;
  const settle = (img) => {
    if (!img._waiting) return;
    img._waiting = false;
    waiting--;
    options.onRecovered(waiting);
  };
  const heal = () => {
    clearTimeout(probe);
    probe = null;
    for (const img of [...failed]) img._load();
  };
  const scheduleProbe = () => {
    if (probe || failed.size === 0) return;
    probe = setTimeout(() => {
      probe = null;
      const [img] = failed;
      img?._load({ attempts: 1 });
    }, RETRY.healMs);
  };
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const img = document.createElement('img');
      img.alt = '';
      img.setAttribute('role', 'presentation');
      img.decoding = 'async';
      const url = tileUrl(coords, options.colouring(), options.anchor);
      img.dataset.src = url;
      const onBusy = (error, attempt) => {
        if (!img._waiting) { img._waiting = true; waiting++; }
        options.onBusy(error, attempt);
      };
      // The first load, and again after a failure that may pass (then as a tile that starts loading anew).
      img._load = ({ attempts } = {}) => {
        const again = failed.delete(img);
        if (again) {
          img.classList.remove('tile-failed');
          layer.fire('tileloadstart', { tile: img, coords });
        }
        const controller = new AbortController();
        img._abort = controller;
        limited(url, { signal: controller.signal, onBusy, attempts })
          .then((blob) => {
            const objectUrl = URL.createObjectURL(blob);
            img.onload = () => { URL.revokeObjectURL(objectUrl); settle(img); done(null, img); heal(); };
            img.onerror = () => { URL.revokeObjectURL(objectUrl); done(new Error('tile image did not decode'), img); };
            img.src = objectUrl;
          })
          .catch((e) => {
            settle(img);
            if (e.name === 'AbortError' || img._unloaded) return;
            if (!again) options.onError(e instanceof ServiceError ? e : new ServiceError(0, 'A tile could not be loaded.'));
            img.classList.add('tile-failed');
            if (transient(e)) failed.add(img);
            done(e, img);
            scheduleProbe();
          });
      };
      img._load();
      return img;
    },
  });
  const layer = new Layer({
    tileSize: TILE,
    noWrap: true,
    updateWhenZooming: false,
    keepBuffer: 3,
    className: 'fractal-tiles',
    minZoom: -4,
    maxNativeZoom: DEEPEST_ZOOM,
    maxZoom: DEEPEST_ZOOM,
  });
  // Leaving tiles are cancelled: the fetch aborts, the service sees the disconnect and stops.
  layer.on('tileunload', (e) => {
    e.tile._unloaded = true;
    failed.delete(e.tile);
    e.tile._abort?.abort();
    settle(e.tile);
  });
  const online = () => heal();
  window.addEventListener('online', online);
  layer.on('remove', () => {
    window.removeEventListener('online', online);
    clearTimeout(probe);
    failed.clear();
  });
  return layer;
}
