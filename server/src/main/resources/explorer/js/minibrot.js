// "Zoom to the nearest minibrot": asks the service for the minibrot of lowest period in the
// view (GET /api/v1/minibrot, which can take seconds at depth) and flies there.
import { get, ServiceError } from './api.js';
import { clear, notify } from './notify.js';

/**
 * Wires the button. `current()` returns {re, im, span (decimal strings), julia (boolean)} of the
 * view; `land(re, im, span)` takes the map to the minibrot found.
 */
export function initMinibrot({ current, land }) {
  const button = document.getElementById('minibrot');
  const label = document.getElementById('minibrot-label');
  let searching = false;

  // aria-disabled, not disabled: a disabled button loses the keyboard focus (to the body), and
  // find() ignores a click while a search runs anyway.
  const setBusy = (busy) => {
    searching = busy;
    button.setAttribute('aria-disabled', String(busy));
    button.setAttribute('aria-busy', String(busy));
    label.textContent = busy ? 'Searching for a minibrot…' : 'Zoom to the nearest minibrot';
    document.body.dataset.minibrot = busy ? 'searching' : 'idle';
  };

  async function find() {
    if (searching) return;
    const v = current();
    if (v.julia) {
      notify('Minibrots are small copies of the Mandelbrot set: go back to it (J) to look for one.', { timeout: 5000 });
      return;
    }
    setBusy(true);
    notify('Looking for the nearest minibrot…', { kind: 'search', timeout: 0 });
    try {
      const query = new URLSearchParams({ re: v.re, im: v.im, span: v.span });
      const found = await (await get(`api/v1/minibrot?${query}`)).json();
      clear('search');
      notify(`Minibrot of period ${found.period.toLocaleString('en-US')}, about ${found.size} across.`, { timeout: 6000 });
      land(found.re, found.im, found.span);
    } catch (e) {
      notify(messageFor(e), { kind: 'error', timeout: 9000 });
    } finally {
      setBusy(false);
    }
  }

  button.addEventListener('click', find);
  button.setAttribute('aria-disabled', 'false');
  document.body.dataset.minibrot = 'idle';
  return { find };
}

function messageFor(e) {
  if (!(e instanceof ServiceError)) return 'The minibrot search failed; please try again.';
  if (e.status === 404) {
    return 'No minibrot in this view: move nearer the edge of the set, or zoom in on a filament, and try again.';
  }
  if (e.status === 503) return 'The service is busy right now; try the minibrot search again in a moment.';
  return e.message;
}
