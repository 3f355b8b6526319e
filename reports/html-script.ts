// The HTML report's script, inlined into index.html. It only adds conveniences on top of a
// page that reads fully without it: the filter bar, the copy buttons, expand/collapse all,
// revealing a linked case, and opening the cases that did not pass for printing. The Content-Security-Policy
// allows exactly this text by its SHA-256 (and Trusted Types forbid HTML sinks), so it never
// builds markup from strings: it reads the DOM and toggles `hidden` / `open`.

export const HTML_SCRIPT = `
(() => {
  'use strict';
  const d = document;
  const $ = (id) => d.getElementById(id);
  const all = (sel, root) => Array.from((root || d).querySelectorAll(sel));

  // Everything marked data-js is useless without this script: show it now.
  for (const el of all('[data-js]')) el.hidden = false;

  const rows = all('details.case');
  const areas = all('section.area');
  const form = $('filters');
  const fVerdict = $('f-verdict');
  const fLevel = $('f-level');
  const fArea = $('f-area');
  const fText = $('f-text');
  const status = $('f-status');
  const noMatch = $('f-none');

  // What the text search looks in: the summary line, requirement ids, message and checks.
  const haystack = rows.map((r) => {
    const parts = [r.getAttribute('data-reqs') || ''];
    for (const el of all('summary, .case-message, .checks', r)) parts.push(el.textContent || '');
    return parts.join(' ').toLowerCase();
  });

  // A filter value selects the cases of one summary count (data-count), as the banner counts
  // them: "fail" leaves the known failures out, "error" the cases not run (html.ts COUNT_CHIPS).
  const COUNT_OF = { pass: 'passed', fail: 'failed', warn: 'warned', skip: 'skipped', error: 'errored', info: 'info', known: 'known', 'not-run': 'notRun' };
  const NOT_PASSING = ['failed', 'warned', 'errored', 'known'];
  const verdictMatches = (r, want) => {
    if (want === '') return true;
    const count = r.getAttribute('data-count');
    if (want === 'not-pass') return NOT_PASSING.includes(count);
    return count === COUNT_OF[want];
  };

  const apply = () => {
    if (!form) return;
    const want = fVerdict.value;
    const level = fLevel.value;
    const area = fArea.value;
    const terms = fText.value.toLowerCase().split(/\\s+/).filter((t) => t !== '');
    let shown = 0;
    rows.forEach((r, i) => {
      const ok =
        verdictMatches(r, want) &&
        (level === '' || r.getAttribute('data-level') === level) &&
        (area === '' || r.getAttribute('data-area') === area) &&
        terms.every((t) => haystack[i].includes(t));
      r.hidden = !ok;
      if (ok) shown++;
    });
    for (const s of areas) s.hidden = all('details.case', s).every((r) => r.hidden);
    status.textContent =
      shown === rows.length ? 'All ' + rows.length + ' cases shown' : shown + ' of ' + rows.length + ' cases shown';
    noMatch.hidden = shown !== 0;
  };

  const clearFilters = () => {
    if (!form) return;
    form.reset();
    apply();
  };

  if (form) {
    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', (e) => e.preventDefault());
    $('f-reset').addEventListener('click', clearFilters);
    $('f-expand').addEventListener('click', () => {
      for (const r of rows) if (!r.hidden) r.open = true;
    });
    $('f-collapse').addEventListener('click', () => {
      for (const r of rows) r.open = false;
    });
    apply();
  }

  // The counts in the banner set the verdict filter.
  for (const a of all('[data-set-verdict]')) {
    a.addEventListener('click', () => {
      if (!form) return;
      form.reset();
      fVerdict.value = a.getAttribute('data-set-verdict') || '';
      apply();
    });
  }

  // "/" focuses the search box.
  d.addEventListener('keydown', (e) => {
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (e.key === '/' && !typing && fText) {
      e.preventDefault();
      fText.focus();
    }
  });

  // Copy buttons: the clipboard API where the page may use it, else select the line.
  const flash = (btn, text) => {
    btn.textContent = text;
    setTimeout(() => {
      btn.textContent = 'Copy';
    }, 1600);
  };
  for (const btn of all('button[data-copy]')) {
    btn.addEventListener('click', () => {
      const src = $(btn.getAttribute('data-copy') || '');
      if (!src) return;
      const text = src.textContent || '';
      const select = () => {
        const range = d.createRange();
        range.selectNodeContents(src);
        const sel = window.getSelection();
        if (sel) {
          sel.removeAllRanges();
          sel.addRange(range);
        }
        let ok = false;
        try {
          ok = d.execCommand('copy');
        } catch {
          ok = false;
        }
        flash(btn, ok ? 'Copied' : 'Selected: press Ctrl+C');
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(() => flash(btn, 'Copied'), select);
      } else {
        select();
      }
    });
  }

  // A link to a case (#case-…) opens it, clearing filters that hide it.
  const reveal = () => {
    let id = '';
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      return;
    }
    if (id === '') return;
    const el = $(id);
    if (!el || !el.matches('details.case')) return;
    if (el.hidden) clearFilters();
    el.open = true;
    el.scrollIntoView({ block: 'start' });
  };
  window.addEventListener('hashchange', reveal);
  reveal();

  // Printing opens the cases that did not pass (their evidence is what a reader needs);
  // passing ones stay one line. What was closed closes again afterwards.
  let closedForPrint = [];
  window.addEventListener('beforeprint', () => {
    closedForPrint = rows.filter((r) => !r.open && NOT_PASSING.includes(r.getAttribute('data-count')));
    for (const r of closedForPrint) r.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const r of closedForPrint) r.open = false;
    closedForPrint = [];
  });
})();
`;
