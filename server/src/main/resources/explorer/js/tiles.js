// The fractal tile layer: one <img> per 256x256 tile, fetched from the service with retries
// while it is busy, cancelled when the tile leaves the view (the service then stops rendering it).
import { getWithRetry, renderQuery, ServiceError } from './api.js';
import { TILE, tileViewport, autoIterations } from './geometry.js';

/** URL of tile (z, x, y) for the given colouring; Julia tiles come from the render endpoint. */
export function tileUrl({ z, x, y }, { palette, iterations, julia, maxIterations }) {
  const its = iterations === 'auto' ? autoIterations(z, maxIterations) : iterations;
  const n = 2 ** z;
  // Tiles beyond [-2, 2] x [-2, 2] do not exist on the tile endpoint, but the plane goes on:
  // the render endpoint draws them, so a wide screen never shows an edge.
  if (julia || x < 0 || y < 0 || x >= n || y >= n) {
    const t = tileViewport(z, x, y);
    return 'api/v1/render?' + renderQuery({ re: t.re, im: t.im, span: t.span, width: TILE, height: TILE, iterations: its, palette, julia });
  }
  const q = new URLSearchParams();
  if (palette) q.set('palette', palette);
  q.set('iterations', String(its));
  return `tiles/${z}/${x}/${y}.png?${q}`;
}

/**
 * Creates the layer. `options.colouring()` returns the current {palette, iterations, julia,
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
      const url = tileUrl(coords, options.colouring());
      img.dataset.src = url;
      const onBusy = (error, attempt) => {
        if (!img._waiting) { img._waiting = true; waiting++; }
        options.onBusy(error, attempt);
      };
      getWithRetry(url, { signal: controller.signal, onBusy })
        .then((response) => response.blob())
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
    maxNativeZoom: 60,
    maxZoom: 60,
  });
  // Leaving tiles are cancelled: the fetch aborts, the service sees the disconnect and stops.
  layer.on('tileunload', (e) => { e.tile._abort?.abort(); settle(e.tile); });
  return layer;
}
