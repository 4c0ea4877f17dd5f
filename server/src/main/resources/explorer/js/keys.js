// Page-wide keyboard shortcuts (the map's own keys, arrows and +/-, work when it has focus).

/** Letters typed into a field or used to pick from a list are not shortcuts; on buttons and checkboxes they are. */
const typing = (el) => el && (el.isContentEditable || /^(SELECT|TEXTAREA)$/.test(el.tagName)
  || (el.tagName === 'INPUT' && !/^(checkbox|radio|button|submit|reset)$/.test(el.type)));

export function initKeys({ julia, panel, exporter, reset, focusMap, minibrot }) {
  const help = document.getElementById('help-dialog');
  document.getElementById('help-close').addEventListener('click', () => help.close());
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return;
    const actions = {
      j: julia, J: julia,
      i: panel, I: panel,
      e: exporter, E: exporter,
      r: reset, R: reset,
      m: focusMap, M: focusMap,
      n: minibrot, N: minibrot,
      '?': () => help.showModal(),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  });
}
