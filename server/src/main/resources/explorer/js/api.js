// Talking to the service: URLs, friendly errors, and retrying after "busy".

/**
 * An answer the service refused, with a message fit for a person; `detail` is the service's own
 * `error` text and `parameter` the parameter it names, when its JSON body says.
 */
export class ServiceError extends Error {
  constructor(status, message, { parameter = null, retryAfter = null, detail = '' } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.status = status;
    this.parameter = parameter;
    this.retryAfter = retryAfter;
    this.detail = detail;
  }
  get busy() { return this.status === 503; }
}

/** Turns a non-2xx response into a ServiceError whose message says what happened and what to do. */
export async function errorFrom(response) {
  let detail = '';
  let parameter = null;
  try {
    const body = await response.json();
    detail = typeof body.error === 'string' ? body.error : '';
    parameter = typeof body.parameter === 'string' ? body.parameter : null;
  } catch {
    // Not JSON (a proxy's error page, say): the status alone has to do.
  }
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const status = response.status;
  let message;
  if (status === 503) {
    message = 'The service is busy right now' + (retryAfter ? `; retrying in ${retryAfter} s.` : '; retrying shortly.');
  } else if (status === 413 || status === 422) {
    message = `That is beyond what the service renders: ${detail || 'a limit was exceeded'}.`;
  } else if (status === 400) {
    message = `The service did not accept the request: ${detail || 'a parameter is invalid'}.`;
  } else if (status === 429) {
    message = 'Too many requests; please wait a moment.';
  } else if (status >= 500) {
    message = `The service had a problem (HTTP ${status}). Please try again.`;
  } else {
    message = detail || `Unexpected answer from the service (HTTP ${status}).`;
  }
  return new ServiceError(status, message.replace(/\.\.$/, '.'), { parameter, retryAfter, detail });
}

function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.round((date - Date.now()) / 1000)) : null;
}

/** GET that resolves to the response only when it is 2xx; otherwise rejects with a ServiceError. */
export async function get(url, { signal } = {}) {
  let response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ServiceError(0, 'The service cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new DOMException('aborted', 'AbortError')); }, { once: true });
});

/**
 * Retry timings in milliseconds: the first backoff and the longest, and how long a tile that
 * gave up waits before the map tries it again (see tiles.js). A test hook as well: the browser
 * tests import this module and shorten them, so that an outage takes seconds to play.
 */
export const RETRY = { firstMs: 500, mostMs: 8000, healMs: 15000 };

/** An error that may go away by itself: the service was busy, failing or out of reach. */
export const transient = (e) => e instanceof ServiceError && (e.status === 0 || e.status === 429 || e.status >= 500);

/**
 * GET with retries while the service answers 503 (busy) or cannot be reached: waits for
 * Retry-After or an exponential backoff (0.5 s, 1 s, 2 s, ... up to 8 s, with jitter so that the
 * tiles of one view do not all come back at the same instant), at most `attempts` times in all.
 * `onBusy(error, attempt)` is told before each wait.
 */
export async function getWithRetry(url, { signal, attempts = 10, onBusy = () => {} } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await get(url, { signal });
    } catch (e) {
      if (!(e instanceof ServiceError) || !(e.busy || e.status === 0) || attempt >= attempts) throw e;
      onBusy(e, attempt);
      const backoff = Math.min(RETRY.mostMs, RETRY.firstMs * 2 ** (attempt - 1));
      const wait = Math.max(backoff, (e.retryAfter ?? 0) * 1000) * (0.75 + Math.random() * 0.5);
      await sleep(wait, signal);
    }
  }
}

/**
 * The limits this instance of the service enforces, {maxPixels, maxSide, maxIterations, maxWork}
 * from /api/v1/limits, asked once per page; null when it cannot say (an older service, offline).
 */
let limits = null;
export function fetchLimits() {
  limits ??= get('api/v1/limits').then((r) => r.json()).catch(() => null);
  return limits;
}

/**
 * The service's palettes: {palettes: [{name, description, colours: ['#rrggbb', ...]}], defaultName}
 * from {@code {"default": "classic", "palettes": [{"name", "description", "stops": [{"position", "colour"}]}]}}.
 */
export async function fetchPalettes() {
  const body = await (await get('api/v1/palettes')).json();
  const list = Array.isArray(body) ? body : (body.palettes ?? []);
  const palettes = list.map((p) => (typeof p === 'string' ? { name: p, description: '', colours: [] } : {
    name: String(p.name),
    description: String(p.description ?? ''),
    colours: coloursOf(p),
  })).filter((p) => p.name);
  return { palettes, defaultName: typeof body.default === 'string' ? body.default : palettes[0]?.name ?? null };
}

function coloursOf(p) {
  const stops = p.stops ?? p.colours ?? p.colors ?? [];
  return stops.map((s) => {
    const v = typeof s === 'object' && s !== null ? (s.colour ?? s.color ?? s.rgb) : s;
    if (typeof v === 'number') return '#' + v.toString(16).padStart(6, '0');
    return typeof v === 'string' && /^#?[0-9a-fA-F]{6}$/.test(v) ? (v.startsWith('#') ? v : '#' + v) : null;
  }).filter(Boolean);
}

/** Query string for /api/v1/render of the given viewport and colouring. */
export function renderQuery({ re, im, span, width, height, iterations, palette, julia, format = 'png' }) {
  const q = new URLSearchParams({ re: String(re), im: String(im), span: String(span), width: String(width), height: String(height) });
  if (iterations) q.set('iterations', String(iterations));
  if (palette) q.set('palette', palette);
  q.set('format', format);
  if (julia) {
    q.set('julia_re', julia.re);
    q.set('julia_im', julia.im);
  }
  return q.toString();
}
