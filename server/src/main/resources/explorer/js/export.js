// Export dialog: renders the current view at a chosen size through /api/v1/render and saves it,
// showing progress while the service renders and while the bytes stream in.
import { get, renderQuery, ServiceError } from './api.js';

/**
 * The service's limits: width x height, and width x height x iterations. They start as the
 * service's defaults (ServerConfig), are replaced by what /api/v1/limits reports for this
 * instance (see loadLimits), and by any limit a 422 states (see learnLimit).
 */
let maxPixels = 4_194_304;
let maxWork = 4_000_000_000;

/** Asks the service for the limits it enforces; keeps the defaults if it cannot say. */
async function loadLimits() {
  try {
    const body = await (await get('api/v1/limits')).json();
    if (Number.isFinite(body.maxPixels) && body.maxPixels > 0) maxPixels = body.maxPixels;
    if (Number.isFinite(body.maxWork) && body.maxWork > 0) maxWork = body.maxWork;
  } catch {
    // An older service without the endpoint, or offline: the defaults and 422s still apply.
  }
}

const $ = (id) => document.getElementById(id);

/**
 * Wires the dialog. `current()` returns {re, im, span (real-axis width), width, height (map
 * size in CSS px), iterations, palette, julia, zoom} of the view being shown.
 */
export function initExport(current) {
  const dialog = $('export-dialog');
  const form = $('export-form');
  const preset = $('export-preset');
  const width = $('export-width');
  const height = $('export-height');
  let controller = null;
  loadLimits();

  const presets = () => {
    const v = current();
    const ratio = window.devicePixelRatio || 1;
    return [
      { label: `This window (${Math.round(v.width)} × ${Math.round(v.height)})`, w: Math.round(v.width), h: Math.round(v.height) },
      { label: `This window, sharp (${Math.round(v.width * Math.max(2, ratio))} × ${Math.round(v.height * Math.max(2, ratio))})`, w: Math.round(v.width * Math.max(2, ratio)), h: Math.round(v.height * Math.max(2, ratio)) },
      { label: 'Full HD (1920 × 1080)', w: 1920, h: 1080 },
      { label: '4K UHD (3840 × 2160)', w: 3840, h: 2160 },
      { label: 'Square (2048 × 2048)', w: 2048, h: 2048 },
      { label: 'Phone wallpaper (1290 × 2796)', w: 1290, h: 2796 },
      { label: 'Custom', w: null, h: null },
    ];
  };

  const fillPresets = () => {
    preset.replaceChildren(...presets().map((p, i) => new Option(p.label, String(i))));
    preset.value = '0';
    applyPreset();
  };
  const applyPreset = () => {
    const p = presets()[Number(preset.value)];
    if (p.w) { width.value = p.w; height.value = p.h; }
    showLimit();
  };
  const showLimit = () => {
    const px = Number(width.value) * Number(height.value);
    const its = current().iterations;
    const most = Math.min(maxPixels, maxWork / its);
    $('export-limit').textContent = `${fmt(px)} pixels at ${fmt(its)} iterations; the service renders up to ${fmt(most)} pixels at this detail.`;
    $('export-limit').classList.toggle('warn', Boolean(limitProblem(px, its)));
    $('export-error').hidden = true;
  };
  preset.addEventListener('change', applyPreset);
  for (const input of [width, height]) {
    input.addEventListener('input', () => { preset.value = String(presets().length - 1); showLimit(); });
  }

  const open = () => {
    if (dialog.open) return;
    fillPresets();
    $('export-error').hidden = true;
    $('export-progress').hidden = true;
    dialog.showModal();
    preset.focus();
  };
  const close = () => { controller?.abort(); dialog.close(); };
  $('export-open').addEventListener('click', open);
  $('export-cancel').addEventListener('click', close);
  dialog.addEventListener('close', () => controller?.abort());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (controller) return;
    const w = Number(width.value);
    const h = Number(height.value);
    if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
      return showError('Width and height must be whole numbers of at least 1.');
    }
    const problem = limitProblem(w * h, current().iterations);
    if (problem) return showError(problem);
    const format = form.elements.format.value;
    controller = new AbortController();
    $('export-go').disabled = true;
    $('export-cancel').textContent = 'Cancel';
    $('export-error').hidden = true;
    try {
      const blob = await download(exportUrl(current(), w, h, format), controller.signal);
      save(blob, fileName(current(), w, h, format));
      progress(100, `Saved ${fileName(current(), w, h, format)} (${bytes(blob.size)}).`);
    } catch (e) {
      if (e.name === 'AbortError') {
        progress(0, 'Cancelled.');
      } else {
        learnLimit(e);
        showError(e.message);
        $('export-progress').hidden = true;
      }
    } finally {
      controller = null;
      $('export-go').disabled = false;
      $('export-cancel').textContent = 'Close';
    }
  });

  return { open };
}

/** The render URL of the current view at w x h: same centre and real-axis span as the map. */
function exportUrl(v, w, h, format) {
  return 'api/v1/render?' + renderQuery({
    re: v.re, im: v.im, span: String(v.span),
    width: w, height: h, iterations: v.iterations, palette: v.palette, julia: v.julia, format,
  });
}

/** Fetches with a streamed body so that the bar moves as bytes arrive (Content-Length when known). */
async function download(url, signal) {
  progress(null, 'Rendering on the service…');
  const started = performance.now();
  const response = await get(url, { signal });
  const total = Number(response.headers.get('Content-Length')) || 0;
  const timing = renderTiming(response.headers.get('Server-Timing'));
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    progress(total ? (100 * received) / total : null,
      `Downloading ${bytes(received)}${total ? ` of ${bytes(total)}` : ''}${timing}…`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress(100, `Done in ${seconds} s${timing}.`);
  return new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' });
}

function renderTiming(header) {
  const match = header && /render;[^,]*dur=([\d.]+)/.exec(header);
  return match ? ` (rendered in ${Math.round(Number(match[1]))} ms)` : '';
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileName(v, w, h, format) {
  const what = v.julia ? 'julia' : 'mandelbrot';
  const z = Math.round(v.zoom * 100) / 100;
  return `${what}_z${z}_${w}x${h}.${format}`;
}

/** Why the service would refuse `pixels` at `iterations`, in words, or null when it fits. */
function limitProblem(pixels, iterations) {
  if (pixels > maxPixels) {
    return `That is ${fmt(pixels)} pixels; the service renders at most ${fmt(maxPixels)} at once. Choose a smaller size.`;
  }
  if (pixels * iterations > maxWork) {
    const side = Math.floor(Math.sqrt(maxWork / iterations));
    return `At ${fmt(iterations)} iterations the service renders at most ${fmt(maxWork / iterations)} pixels `
      + `(about ${fmt(side)} × ${fmt(side)}). Choose a smaller size or fewer iterations.`;
  }
  return null;
}

/** A 422 that states a limit ("... the limit of N pixels", "... the work limit of N") teaches it for next time. */
function learnLimit(e) {
  if (!(e instanceof ServiceError) || e.status !== 422) return;
  const pixels = /limit of (\d+) pixels/.exec(e.message);
  if (pixels) maxPixels = Number(pixels[1]);
  const work = /work limit of (\d+)/.exec(e.message);
  if (work) maxWork = Number(work[1]);
}

function progress(percent, text) {
  $('export-progress').hidden = false;
  const bar = $('export-bar');
  if (percent === null) bar.removeAttribute('value'); else bar.value = percent;
  $('export-status').textContent = text;
}

function showError(text) {
  const el = $('export-error');
  el.textContent = text;
  el.hidden = false;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const bytes = (n) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
