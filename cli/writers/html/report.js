// The HTML report's script (cli/writers/html_report.cpp), embedded at build time (cmake/embed.cmake):
// it draws the timelines from the data the page embeds.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('data').textContent);
  const root = document.getElementById('histories');
  const NS = 'http://www.w3.org/2000/svg';
  const COLOURS = ['#7cc497', '#f0c05a', '#b9bccb', '#ececec'];
  const OUTCOMES = ['ok', 'info (indeterminate)', 'pending (never completed)', 'logged fail: did not happen'];
  const ROW = 22, LEFT = 64, AXIS = 22, MAX_DRAWN = 6000;
  let firstFailing = null, firstFailingKey = null;  // the first failing key's timeline, for the in-view check

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const a in attrs || {}) e.setAttribute(a, attrs[a]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svgEl(tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const a in attrs) e.setAttribute(a, attrs[a]);
    return e;
  }
  function verdictClass(v) {
    return v === 'linearizable' ? 'ok' : (v === 'unknown' ? 'unknown' : 'bad');
  }

  // One key's timeline. Rows are processes: for a failure, the failing operation's first, then those of
  // the operations the hints name, then the window's, then the rest. The default view is the failing
  // window and every operation a hint names; marks give each operation's place in the linearization.
  function Timeline(k, ki, container, detail) {
    const ops = k.ops;
    const others = k.others || [];
    const timed = k.axis === 'time';
    let showOthers = true;
    let tmin = Infinity, tmax = -Infinity;
    for (const o of ops) { if (!o) continue; tmin = Math.min(tmin, o[1]); tmax = Math.max(tmax, o[2] >= 0 ? o[2] : o[1]); }
    for (const n of (k.hint_others || [])) { const o = others[n]; if (!o) continue; tmin = Math.min(tmin, o[1]); tmax = Math.max(tmax, o[2] >= 0 ? o[2] : o[1]); }
    if (!isFinite(tmin)) { tmin = 0; tmax = 1; }
    // One step of the axis: an event, or on the time axis the mean time between events.
    const unit = timed ? Math.max((tmax - tmin) / Math.max(1, 2 * ops.length), 1e-9) : 1;
    tmax += unit;
    const end = (o) => (o[2] >= 0 ? o[2] : tmax);
    const inWindow = new Set(k.window || []);
    const hinted = new Set(k.hint_ops || []);
    // Other keys' operations a hint names (the write of the value read, to another key): drawn and
    // marked whether or not other keys are shown, and kept in the first view.
    const hintedOthers = new Set(k.hint_others || []);
    const focus = new Set([...(k.window || []), ...(k.hint_ops || [])]);
    if (k.failing >= 0) focus.add(k.failing);
    const pathIndex = new Map();
    (k.path || []).forEach((op, n) => pathIndex.set(op, n));
    const rowOf = new Array(k.procs.length);
    {
      const order = [];
      const seen = new Set();
      const take = (i) => { const r = ops[i][0]; if (!seen.has(r)) { seen.add(r); order.push(r); } };
      if (k.failing >= 0) take(k.failing);
      for (const i of (k.hint_ops || [])) take(i);
      for (const n of hintedOthers) { const r = others[n][0]; if (!seen.has(r)) { seen.add(r); order.push(r); } }
      for (const i of (k.window || [])) take(i);
      for (let r = 0; r < k.procs.length; r++) if (!seen.has(r)) { seen.add(r); order.push(r); }
      order.forEach((r, place) => { rowOf[r] = place; });
    }
    let x0 = tmin, x1 = tmax;

    function zoomToFocus() {
      if (!focus.size) { x0 = tmin; x1 = tmax; return; }
      let a = Infinity, b = -Infinity;
      for (const o of [...[...focus].map((i) => ops[i]), ...[...hintedOthers].map((n) => others[n])]) {
        a = Math.min(a, o[1]); b = Math.max(b, o[2] >= 0 ? o[2] : o[1] + unit);
      }
      const pad = Math.max(2 * unit, (b - a) * 0.25);
      x0 = Math.max(tmin, a - pad); x1 = Math.min(tmax, b + pad);
    }

    const svg = svgEl('svg', {});
    container.appendChild(svg);

    function niceStep(span, room) {
      const raw = span / Math.max(1, room / 90);
      const p = Math.pow(10, Math.floor(Math.log10(timed ? Math.max(raw, 1e-9) : Math.max(raw, 1))));
      for (const m of [1, 2, 5, 10]) if (p * m >= raw) return p * m;
      return p * 10;
    }

    function render() {
      const width = Math.max(400, (container.clientWidth || 900) - 2);
      const visible = [];
      for (let i = 0; i < ops.length; i++) {
        const o = ops[i];
        if (!o || end(o) < x0 || o[1] > x1) continue;  // null: left out of a page cut for time
        visible.push(i);
      }
      // Only the processes with an operation in view get a row, in the order above.
      const inView = (o) => !(end(o) < x0 || o[1] > x1);
      const rows = visible.map((i) => ops[i][0]);
      for (const n of hintedOthers) if (inView(others[n])) rows.push(others[n][0]);
      const used = [...new Set(rows)].sort((a, b) => rowOf[a] - rowOf[b]);
      const place = new Map();
      used.forEach((r, n) => place.set(r, n));
      const height = AXIS + Math.max(1, used.length) * ROW + 8;
      svg.setAttribute('width', width);
      svg.setAttribute('height', height);
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const scale = (width - LEFT - 8) / Math.max(1e-9, x1 - x0);
      const X = (t) => LEFT + (t - x0) * scale;
      // The time axis: the events' own `time`, or their order in the history (each invoke and
      // completion one step); k.axis says which (k.axis_note in words, above the timeline).
      const step = niceStep(x1 - x0, width - LEFT);
      svg.appendChild(svgEl('line', { x1: LEFT, y1: AXIS - 4, x2: width - 8, y2: AXIS - 4, class: 'axis' }));
      const axisName = svgEl('text', { x: 4, y: 12, class: 'axislbl' });
      axisName.textContent = timed ? 'time' : 'event #';
      svg.appendChild(axisName);
      for (let n = Math.ceil(x0 / step); n * step <= x1; n++) {
        const t = n * step;
        svg.appendChild(svgEl('line', { x1: X(t), y1: AXIS - 8, x2: X(t), y2: AXIS - 4, class: 'axis' }));
        if (X(t) > width - 40) continue;
        const lbl = svgEl('text', { x: X(t) + 2, y: 12, class: 'axislbl' });
        lbl.textContent = String(Number(t.toPrecision(12)));
        svg.appendChild(lbl);
      }
      for (const r of used) {
        const t = svgEl('text', { x: 4, y: AXIS + place.get(r) * ROW + 15, class: 'proc' });
        t.textContent = 'p' + k.procs[r];
        svg.appendChild(t);
      }
      const crowded = visible.length > MAX_DRAWN;
      // A label for a bar too narrow to hold it: after the bar, or before it near the right edge.
      const labelBeside = (label, a, w, y, cls) => {
        const after = a + w + 4 + label.length * 6.6 <= width;
        const t = svgEl('text', after ? { x: a + w + 4, y: y + 11, class: cls }
                                      : { x: a - 4, y: y + 11, class: cls, 'text-anchor': 'end' });
        t.textContent = label;
        svg.appendChild(t);
      };
      // Other keys' operations of the same processes: dimmed, in the lower half of their rows (those a
      // hint names: whole, marked and labelled, even when other keys are hidden).
      others.forEach((o, n) => {
        const named = hintedOthers.has(n);
        if (!(showOthers || named) || !place.has(o[0]) || !inView(o)) return;
        const a = Math.max(LEFT, X(o[1])), b = Math.min(width - 4, X(end(o)));
        if (crowded && b - a < 2 && !named) return;
        const w = Math.max(named ? 6 : 1, b - a);
        const y = named ? AXIS + place.get(o[0]) * ROW + 4 : AXIS + place.get(o[0]) * ROW + ROW / 2;
        const rect = svgEl('rect', { x: a, y: y, width: w, height: named ? ROW - 8 : ROW / 2 - 4,
                                     rx: 2, fill: COLOURS[o[3]], class: named ? 'bar other hinted' : 'bar other' });
        rect.dataset.other = n;
        if (named) rect.setAttribute('data-hinted', '1');
        svg.appendChild(rect);
        const label = k.labels[o[4]] + ' (key ' + k.other_keys[o[7]] + ')';
        if (named && w > label.length * 6.6 + 8) {  // inside the bar, or beside it when it is too narrow
          const t = svgEl('text', { x: a + 4, y: y + 11, class: 'lbl' });
          t.textContent = label;
          svg.appendChild(t);
        } else if (named) {
          labelBeside(label, a, w, y, 'lbl beside');
        }
      });
      for (const i of visible) {
        const o = ops[i];
        const a = Math.max(LEFT, X(o[1])), b = Math.min(width - 4, X(end(o)));
        // The failing operation and those a hint names stay wide enough to see and click.
        const w = Math.max(i === k.failing || hinted.has(i) ? 6 : 1, b - a);
        if (crowded && w < 2 && i !== k.failing && !focus.has(i)) continue;
        const y = AXIS + place.get(o[0]) * ROW + 4;
        let cls = o[3] === 3 ? 'bar failed' : 'bar';
        if (i === k.failing) cls += ' failing'; else if (hinted.has(i)) cls += ' hinted'; else if (inWindow.has(i)) cls += ' inwindow';
        const rect = svgEl('rect', { x: a, y: y, width: w, height: ROW - 8, rx: 3, fill: COLOURS[o[3]], class: cls });
        if (i === k.failing) rect.setAttribute('id', ki === 0 ? 'failing-op' : 'failing-op-' + ki);
        if (hinted.has(i)) rect.setAttribute('data-hinted', '1');
        rect.dataset.op = i;
        svg.appendChild(rect);
        if (o[3] === 3) svg.appendChild(svgEl('line', { x1: a, y1: y + (ROW - 8) / 2, x2: a + w, y2: y + (ROW - 8) / 2, class: 'strike' }));
        let textAt = a + 4;
        if (pathIndex.has(i) && w >= 8) {  // the op's place in the linearization, as a mark at its start
          svg.appendChild(svgEl('rect', { x: a + 1, y: y + 1, width: 18, height: ROW - 10, rx: 3, class: 'ordmark' }));
          const n = svgEl('text', { x: a + 10, y: y + 10, class: 'ord' });
          n.textContent = String(pathIndex.get(i) + 1);
          svg.appendChild(n);
          textAt = a + 22;
        }
        const label = (i === k.failing ? '✗ ' : '') + k.labels[o[4]];
        // Inside the bar when it fits; the failing operation's and those a hint names also after a
        // bar too narrow for them (e.g. a short read on a time axis), so that the cause reads at a glance.
        const fits = a + w - textAt > label.length * 6.6 + 2;
        if (fits) {
          const t = svgEl('text', { x: textAt, y: y + 11, class: o[3] === 3 ? 'lbl struck' : 'lbl' });
          t.textContent = label;
          svg.appendChild(t);
        } else if (i === k.failing || hinted.has(i)) {
          labelBeside(label, a, w, y, o[3] === 3 ? 'lbl struck beside' : 'lbl beside');
        }
      }
    }

    svg.addEventListener('click', (ev) => {
      const n = ev.target.dataset ? ev.target.dataset.other : undefined;
      if (n !== undefined) {
        const o = others[n];
        detail.textContent = 'p' + k.procs[o[0]] + '  ' + k.labels[o[4]] + '  — key ' + k.other_keys[o[7]] + ', ' + OUTCOMES[o[3]] +
          (o[5] ? ', line ' + o[5] : '') + '  — another key: an object of its own, not part of this check' +
          (hintedOthers.has(Number(n)) ? '  — named by a hint' : '');
        return;
      }
      const i = ev.target.dataset ? ev.target.dataset.op : undefined;
      if (i === undefined) return;
      const o = ops[i];
      let text = 'p' + k.procs[o[0]] + '  ' + k.labels[o[4]] + '  — ' + OUTCOMES[o[3]];
      if (o[5]) text += ', line ' + o[5] + (o[6] && o[6] !== o[5] ? '–' + o[6] : '');
      if (pathIndex.has(Number(i))) text += '  — #' + (pathIndex.get(Number(i)) + 1) + ' in the linearization; state after: ' + (k.states[i] !== undefined ? k.states[i] : 'not computed (the page was cut for time)');
      else if (Number(i) === k.failing) text += '  — cannot be linearized';
      else if (o[3] === 3) text += '  — not checked: a failed operation did not happen';
      else text += '  — not in the linearization shown';
      if (hinted.has(Number(i))) text += '  — named by a hint';
      detail.textContent = text;
    });
    container.addEventListener('wheel', (ev) => {
      if (!ev.ctrlKey && !ev.shiftKey && Math.abs(ev.deltaY) < Math.abs(ev.deltaX)) return;
      ev.preventDefault();
      const rect = svg.getBoundingClientRect();
      const width = rect.width || 900;
      const t = x0 + (ev.clientX - rect.left - LEFT) / Math.max(1, width - LEFT - 8) * (x1 - x0);
      const f = ev.deltaY > 0 ? 1.25 : 0.8;
      x0 = Math.max(tmin, t - (t - x0) * f); x1 = Math.min(tmax, t + (x1 - t) * f);
      if (x1 - x0 < unit) x1 = x0 + unit;
      render();
    }, { passive: false });
    let drag = null;
    container.addEventListener('mousedown', (ev) => { drag = { x: ev.clientX, x0: x0, x1: x1 }; });
    window.addEventListener('mouseup', () => { drag = null; });
    window.addEventListener('mousemove', (ev) => {
      if (!drag) return;
      const width = svg.getBoundingClientRect().width || 900;
      const dt = (ev.clientX - drag.x) / Math.max(1, width - LEFT - 8) * (drag.x1 - drag.x0);
      const span = drag.x1 - drag.x0;
      x0 = Math.min(Math.max(tmin, drag.x0 - dt), tmax - span); x1 = x0 + span;
      render();
    });
    zoomToFocus();
    return { render: render, svg: svg, others: (on) => { showOthers = on; render(); }, fit: () => { x0 = tmin; x1 = tmax; render(); }, focus: () => { zoomToFocus(); render(); } };
  }

  function renderKey(k, ki, parent, lone) {
    const failing = k.failing >= 0;
    const box = el(failing ? 'section' : 'details', { class: 'key' });
    const count = k.failed_from !== undefined ? k.failed_from : k.ops.length;
    let title = (k.key ? 'key ' + k.key + ': ' : '') + k.verdict + ' (' + count + ' operations)' + (k.reason ? ' — ' + k.reason : '');
    if (failing) title = (k.key ? 'key ' + k.key + ': ' : '') + '✗ ' + k.failing_text + ' cannot be linearized';
    box.appendChild(el(failing ? 'h2' : 'summary', ki === 0 && failing ? { id: 'failing-op-text' } : {}, title));
    if (k.cut) box.appendChild(el('p', { class: 'states' }, k.cut));
    if (k.states_before) box.appendChild(el('p', { class: 'states' }, 'Just before it, the state could only be: ' + k.states_before));
    if (k.hints && k.hints.length) {
      const ul = el('ul', { class: 'hints' });
      for (const h of k.hints) {
        const li = el('li');
        li.appendChild(el('code', {}, h.code));
        li.appendChild(document.createTextNode(' ' + h.text + '.'));
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    const controls = el('div', { class: 'controls' });
    const fit = el('button', {}, 'whole history');
    const focus = el('button', {}, failing ? 'failing window' : 'start');
    controls.appendChild(fit); controls.appendChild(focus);
    let othersBox = null;
    if (k.others && k.others.length) {
      const label = el('label', { class: 'toggle' });
      othersBox = el('input', { type: 'checkbox', class: 'others-toggle' });
      othersBox.checked = true;
      label.appendChild(othersBox);
      label.appendChild(document.createTextNode(' other keys, same processes (' + k.others.length + (k.others_cut ? ' nearest' : '') + ')'));
      controls.appendChild(label);
    }
    const legend = el('span', { class: 'legend' });
    legend.innerHTML = '<span style="background:#7cc497"></span>ok<span style="background:#f0c05a"></span>info' +
      '<span style="background:#b9bccb"></span>pending<span style="background:#fff;border:2px solid #d00"></span>cannot be linearized' +
      (k.ops.length > count ? '<span class="sw-failed"></span>failed: did not happen' : '') +
      (k.others && k.others.length ? '<span style="background:#7cc497;opacity:.35"></span>another key' : '') +
      (failing ? '<span style="background:#fff;border:2px dashed #6a3fb5"></span>named by a hint' : '') +
      '<span style="background:#3461c1"></span>' + (failing ? 'place in the longest linearizable prefix' : 'place in a linearization') +
      ' — wheel to zoom, drag to pan, click an operation';
    controls.appendChild(legend);
    box.appendChild(controls);
    box.appendChild(el('p', { class: 'axisnote', 'data-axis': k.axis || 'event' }, 'Axis: ' + (k.axis_note || 'event order')));
    const container = el('div', { class: 'timeline' });
    const detail = el('div', { class: 'detail' });
    box.appendChild(container); box.appendChild(detail);
    if (k.text) {
      const full = el('details');
      full.appendChild(el('summary', {}, 'the explanation as text'));
      full.appendChild(el('pre', {}, k.text));
      box.appendChild(full);
    }
    parent.appendChild(box);
    let timeline = null;
    const draw = () => { if (!timeline) timeline = Timeline(k, ki, container, detail); timeline.render(); };
    fit.addEventListener('click', () => { draw(); timeline.fit(); });
    focus.addEventListener('click', () => { draw(); timeline.focus(); });
    if (othersBox) othersBox.addEventListener('change', () => { draw(); timeline.others(othersBox.checked); });
    if (failing || lone) {
      if (box.tagName === 'DETAILS') box.open = true;
      draw();
      if (failing && !firstFailing) { firstFailing = timeline; firstFailingKey = k; }
    } else {
      box.addEventListener('toggle', () => { if (box.open) draw(); });
    }
  }

  function renderHistory(h, hi) {
    const section = el('section', { class: 'history', id: 'h' + (hi + 1) });
    const header = el('header');
    header.appendChild(el('h1', {}, h.input));
    let summary = h.verdict;
    if (h.operations !== undefined) summary += ' — ' + h.operations + ' operations';
    if (h.model) summary += ', model ' + h.model;
    if (h.reason) summary += ' — ' + h.reason;
    header.appendChild(el('p', { class: 'verdict ' + verdictClass(h.verdict) }, summary));
    section.appendChild(header);
    if (h.error) {
      let where = '';
      if (h.line) where = 'line ' + h.line + (h.column ? ', column ' + h.column : '');
      else if (h.event) where = 'event ' + h.event;
      // One card: where, then what is wrong.
      const card = el('div', { class: 'error-card' });
      if (where) card.appendChild(el('p', { class: 'failing-text' }, 'Where: ' + h.input + ', ' + where));
      card.appendChild(el('pre', { class: 'error', id: hi === 0 ? 'input-error' : 'input-error-' + hi }, h.error));
      section.appendChild(card);
    }
    const keys = el('div');
    section.appendChild(keys);
    root.appendChild(section);
    (h.keys || []).forEach((k, ki) => renderKey(k, hi === 0 ? ki : 1000 * hi + ki, keys, h.keys.length === 1));
  }

  if (data.batch) {
    const header = el('header');
    const bad = data.histories.filter((h) => h.verdict !== 'linearizable').length;
    header.appendChild(el('h1', {}, data.histories.length + ' histories'));
    header.appendChild(el('p', { class: 'verdict ' + (bad ? 'bad' : 'ok') }, bad ? bad + ' not linearizable, unknown or bad input' : 'all linearizable'));
    const table = el('table', { class: 'summary', id: 'summary' });
    const head = el('tr');
    for (const c of ['history', 'model', 'operations', 'verdict', '']) head.appendChild(el('th', {}, c));
    table.appendChild(head);
    data.histories.forEach((h, hi) => {
      const tr = el('tr');
      tr.appendChild(el('td', {}, h.input));
      tr.appendChild(el('td', {}, h.model || '-'));
      tr.appendChild(el('td', {}, h.operations !== undefined ? String(h.operations) : '-'));
      tr.appendChild(el('td', { class: 'verdict ' + verdictClass(h.verdict) }, h.verdict));
      const td = el('td');
      if ((h.keys && h.keys.length) || h.error) td.appendChild(el('a', { href: '#h' + (hi + 1) }, h.error ? 'what is wrong' : 'failure'));
      tr.appendChild(td);
      table.appendChild(tr);
    });
    header.appendChild(table);
    root.appendChild(header);
    data.histories.forEach((h, hi) => { if ((h.keys && h.keys.length) || h.error) renderHistory(h, hi); });
  } else {
    data.histories.forEach(renderHistory);
  }

  // For tests in a headless browser: are the failing operation and those the hints name inside the
  // window as first shown? (body data-in-view="yes", or "no: ..." saying which is not.)
  if (firstFailing) {
    const out = [];
    const inside = (r) => r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    for (const rect of firstFailing.svg.querySelectorAll('rect.failing, rect[data-hinted]')) {
      if (!inside(rect.getBoundingClientRect())) out.push('op ' + rect.dataset.op);
    }
    const need = 1 + new Set((firstFailingKey.hint_ops || []).filter((i) => i !== firstFailingKey.failing)).size +
      (firstFailingKey.hint_others || []).length;
    const drawn = firstFailing.svg.querySelectorAll('rect.failing, rect[data-hinted]').length;
    if (drawn < need) out.push((need - drawn) + ' not drawn');
    document.body.setAttribute('data-in-view', out.length ? 'no: ' + out.join(', ') : 'yes');
    document.body.setAttribute('data-viewport', window.innerWidth + 'x' + window.innerHeight);
  }
})();
