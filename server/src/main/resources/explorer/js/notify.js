// One unobtrusive message at a time, read out by screen readers (role=status on #toast).

const toast = () => document.getElementById('toast');
let timer = null;
let currentKind = null;

/**
 * Shows `text`. `kind` is 'info', 'busy', 'limit' or 'error' (it styles the message and lets
 * `clear(kind)` remove only its own kind); `timeout` in ms, 0 keeps it until dismissed.
 */
export function notify(text, { kind = 'info', timeout = 5000 } = {}) {
  const el = toast();
  document.getElementById('toast-text').textContent = text;
  el.dataset.kind = kind;
  el.hidden = false;
  currentKind = kind;
  clearTimeout(timer);
  if (timeout > 0) timer = setTimeout(() => clear(), timeout);
}

/** Hides the message, or only if it is of `kind` when given. */
export function clear(kind = null) {
  if (kind && kind !== currentKind) return;
  clearTimeout(timer);
  toast().hidden = true;
  currentKind = null;
}

export function initNotify() {
  document.getElementById('toast-close').addEventListener('click', () => clear());
}
