// The fractal tile layer: one <img> per 256x256 tile, fetched from the service with retries
// while it is busy, cancelled when the tile leaves the view (the service then stops rendering it).
import { getWithRetry, renderQuery, ServiceError } from './api.js';
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
 */
export function fractalLayer(L, options) {
  let waiting = 0;
  const settle = (img) => {
    if (!img._waiting) return;
    img._waiting = false;
    waiting--;
    options.onRecovered(waiting);
  };
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const img = document.createElement('img');
      img.alt = '';
      img.setAttribute('role', 'presentation');
      img.decoding = 'async';
      const controller = new AbortController();
      img._abort = controller;
      const url = tileUrl(coords, options.colouring(), options.anchor);
      img.dataset.src = url;
      const onBusy = (error, attempt) => {
        if (!img._waiting) { img._waiting = true; waiting++; }
        options.onBusy(error, attempt);
      };
      limited(url, { signal: controller.signal, onBusy })
        .then((blob) => {
          const objectUrl = URL.createObjectURL(blob);
          img.onload = () => { URL.revokeObjectURL(objectUrl); settle(img); done(null, img); };
          img.onerror = () => { URL.revokeObjectURL(objectUrl); done(new Error('tile image did not decode'), img); };
          img.src = objectUrl;
        })
        .catch((e) => {
          settle(img);
          if (e.name === 'AbortError') return;
          options.onError(e instanceof ServiceError ? e : new ServiceError(0, 'A tile could not be loaded.'));
          img.classList.add('tile-failed');
          done(e, img);
        });
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
  layer.on('tileunload', (e) => { e.tile._abort?.abort(); settle(e.tile); });
  return layer;
}
