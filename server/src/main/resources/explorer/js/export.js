// Export dialog: renders the current view at a chosen size through /api/v1/render and saves it,
// showing progress while the service renders and while the bytes stream in.
import { fetchLimits, get, renderQuery, ServiceError } from './api.js';

/**
 * The service's limits: width x height, and width x height x iterations. They start as the
 * service's defaults (ServerConfig), are replaced by what /api/v1/limits reports for this
 * instance (see loadLimits), and by any limit a 422 states (see learnLimit).
 */
let maxPixels = 4_194_304;
let maxWork = 4_000_000_000;
let maxSide = 16_384;

/** Asks the service for the limits it enforces; keeps the defaults if it cannot say. */
async function loadLimits() {
  // Without an answer (an older service without the endpoint, or offline) the defaults and 422s still apply.
  const body = await fetchLimits();
  if (!body) return;
  if (Number.isFinite(body.maxPixels) && body.maxPixels > 0) maxPixels = body.maxPixels;
  if (Number.isFinite(body.maxWork) && body.maxWork > 0) maxWork = body.maxWork;
  if (Number.isFinite(body.maxSide) && body.maxSide > 0) maxSide = body.maxSide;
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

  /**
   * The sizes to choose from, for the current view's iterations: a window size beyond the
   * service's limits becomes the largest size of the window's shape it renders; other sizes
   * beyond them are shown but disabled.
   */
  const presets = () => {
    const v = current();
    const its = v.iterations;
    const sharp = Math.max(2, window.devicePixelRatio || 1);
    const w = Math.round(v.width);
    const h = Math.round(v.height);
    const list = [];
    const fitted = largestFitting(w, h, its);
    if (!limitProblem(w, h, its)) list.push({ label: `This window (${w} × ${h})`, w, h });
    else list.push({ label: `This window's shape, as large as the service renders here (${fitted.w} × ${fitted.h})`, ...fitted });
    if (!limitProblem(w * sharp, h * sharp, its)) list.push({ label: `This window, sharp (${w * sharp} × ${h * sharp})`, w: w * sharp, h: h * sharp });
    for (const [label, pw, ph] of [['Full HD', 1920, 1080], ['4K UHD', 3840, 2160], ['Square', 2048, 2048], ['Phone wallpaper', 1290, 2796]]) {
      const over = Boolean(limitProblem(pw, ph, its));
      list.push({ label: `${label} (${pw} × ${ph})${over ? ' – beyond the service\'s limits here' : ''}`, w: pw, h: ph, disabled: over });
    }
    list.push({ label: 'Custom', w: null, h: null });
    return list;
  };

  const fillPresets = () => {
    preset.replaceChildren(...presets().map((p, i) => Object.assign(new Option(p.label, String(i)), { disabled: Boolean(p.disabled) })));
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
    $('export-limit').textContent = `${fmt(px)} pixels at ${fmt(its)} iterations; the service renders up to ${fmt(mostPixels(its))} pixels at this detail, `
      + `at most ${fmt(maxSide)} on a side.`;
    $('export-limit').classList.toggle('warn', Boolean(limitProblem(Number(width.value), Number(height.value), its)));
    hideError();
  };
  const fit = $('export-fit');
  fit.addEventListener('click', () => {
    width.value = fit.dataset.w;
    height.value = fit.dataset.h;
    preset.value = String(presets().length - 1);
    showLimit();
    $('export-go').focus();
  });
  preset.addEventListener('change', applyPreset);
  for (const input of [width, height]) {
    input.addEventListener('input', () => { preset.value = String(presets().length - 1); showLimit(); });
  }

  const open = () => {
    if (dialog.open) return;
    fillPresets();
    hideError();
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
    const its = current().iterations;
    const problem = limitProblem(w, h, its);
    if (problem) {
      const best = largestFitting(w, h, its);
      return showError(`${problem} The largest size of this shape that it renders is ${fmt(best.w)} × ${fmt(best.h)}.`, best);
    }
    const format = form.elements.format.value;
    controller = new AbortController();
    $('export-go').disabled = true;
    $('export-cancel').textContent = 'Cancel';
    hideError();
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

/** The most pixels the service renders at once at `iterations`. */
function mostPixels(iterations) {
  return Math.min(maxPixels, Math.floor(maxWork / Math.max(1, iterations)));
}

/** Why the service would refuse w x h at `iterations`, in words, or null when it fits. */
function limitProblem(w, h, iterations) {
  if (w > maxSide || h > maxSide) {
    return `That is ${fmt(w)} × ${fmt(h)}; the service renders at most ${fmt(maxSide)} pixels on a side.`;
  }
  if (w * h > maxPixels) {
    return `That is ${fmt(w * h)} pixels; the service renders at most ${fmt(maxPixels)} at once.`;
  }
  if (w * h * iterations > maxWork) {
    return `At ${fmt(iterations)} iterations the service renders at most ${fmt(mostPixels(iterations))} pixels; that is ${fmt(w * h)}.`;
  }
  return null;
}

/** The largest size of the shape of w x h (the same ratio, to a pixel) that the service renders at `iterations`. */
function largestFitting(w, h, iterations) {
  const scale = Math.min(1, Math.sqrt(mostPixels(iterations) / (w * h)), maxSide / w, maxSide / h);
  return { w: Math.max(1, Math.floor(w * scale)), h: Math.max(1, Math.floor(h * scale)) };
}

/**
 * A 422 that states a limit ("... the limit of N pixels", "... the work limit of N", "width must
 * be <= N (the service's limit)") teaches it for next time.
 */
function learnLimit(e) {
  if (!(e instanceof ServiceError) || e.status !== 422) return;
  const pixels = /limit of (\d+) pixels/.exec(e.message);
  if (pixels) maxPixels = Number(pixels[1]);
  const work = /work limit of (\d+)/.exec(e.message);
  if (work) maxWork = Number(work[1]);
  const side = /(?:width|height) must be <= (\d+)/.exec(e.message);
  if (side) maxSide = Number(side[1]);
}

function progress(percent, text) {
  $('export-progress').hidden = false;
  const bar = $('export-bar');
  if (percent === null) bar.removeAttribute('value'); else bar.value = percent;
  $('export-status').textContent = text;
}

/** Shows `text` in place of any earlier status ("Saved ..."), with a button for `fit` {w, h} when given. */
function showError(text, fit = null) {
  $('export-progress').hidden = true;
  const el = $('export-error');
  el.textContent = text;
  el.hidden = false;
  const button = $('export-fit');
  button.hidden = !fit;
  if (fit) {
    button.dataset.w = String(fit.w);
    button.dataset.h = String(fit.h);
    button.textContent = `Use ${fit.w} × ${fit.h}`;
  }
}

function hideError() {
  $('export-error').hidden = true;
  $('export-fit').hidden = true;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const bytes = (n) => (n < 1024 * 1024 ? `${Math.round(n / 1024)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
