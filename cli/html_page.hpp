#pragma once
// The fixed parts of the HTML report: its style and the script that draws the timelines from the
// embedded data (see html_report.cpp for the data's shape).

namespace lincheck::cli {

inline constexpr const char* kHtmlHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 16px; margin: 0 0 4px; font-family: ui-monospace, monospace; }
.verdict { margin: 0; font-weight: 600; }
.verdict.ok { color: #2f7d4f; } .verdict.bad { color: #b3261e; } .verdict.unknown { color: #a66a00; }
#failing-op-text { margin: 4px 0 0; font-family: ui-monospace, monospace; }
main { padding: 10px 20px; }
section, details { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 10px 0; padding: 8px 12px; }
summary, h2 { font-size: 14px; margin: 0; cursor: pointer; font-family: ui-monospace, monospace; }
pre { background: #f4f4f4; padding: 8px; overflow-x: auto; font-size: 12px; }
.controls button { font-size: 12px; margin-right: 6px; }
.timeline { overflow-y: auto; max-height: 70vh; border: 1px solid #eee; margin-top: 6px; cursor: grab; }
.timeline svg { display: block; user-select: none; }
.bar { stroke: #555; stroke-width: 0.5; cursor: pointer; }
.bar.failing { stroke: #d00; stroke-width: 2.5; }
.bar.inwindow { stroke: #000; stroke-width: 1.2; }
.lbl { font: 11px ui-monospace, monospace; pointer-events: none; }
.proc { font: 11px ui-monospace, monospace; fill: #555; }
.path { fill: none; stroke: #3461c1; stroke-width: 1.5; opacity: 0.7; }
.detail { font-family: ui-monospace, monospace; font-size: 12px; min-height: 1.4em; margin-top: 6px; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 10px; vertical-align: middle; }
</style>
)";

inline constexpr const char* kHtmlScript = R"JS(
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('data').textContent);
  const main = document.getElementById('keys');
  const NS = 'http://www.w3.org/2000/svg';
  const COLOURS = ['#7cc497', '#f0c05a', '#b9bccb'];
  const OUTCOMES = ['ok', 'info (indeterminate)', 'pending (never completed)'];
  const ROW = 22, LEFT = 64, MAX_DRAWN = 6000;

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

  function Timeline(k, ki, container, detail) {
    const ops = k.ops;
    let tmin = Infinity, tmax = -Infinity;
    for (const o of ops) { tmin = Math.min(tmin, o[1]); tmax = Math.max(tmax, o[2] >= 0 ? o[2] : o[1]); }
    if (!isFinite(tmin)) { tmin = 0; tmax = 1; }
    tmax += 1;
    const end = (o) => (o[2] >= 0 ? o[2] : tmax);
    const inWindow = new Set(k.window || []);
    const pathIndex = new Map();
    (k.path || []).forEach((op, n) => pathIndex.set(op, n));
    let x0 = tmin, x1 = tmax;

    function zoomToWindow() {
      if (!k.window || !k.window.length) { x0 = tmin; x1 = tmax; return; }
      let a = Infinity, b = -Infinity;
      for (const i of k.window) { a = Math.min(a, ops[i][1]); b = Math.max(b, ops[i][2] >= 0 ? ops[i][2] : ops[i][1] + 1); }
      const pad = Math.max(1, (b - a) * 0.15);
      x0 = Math.max(tmin, a - pad); x1 = Math.min(tmax, b + pad);
    }

    const svg = svgEl('svg', {});
    container.appendChild(svg);

    function render() {
      const width = Math.max(400, container.clientWidth || 900);
      const height = k.procs.length * ROW + 8;
      svg.setAttribute('width', width);
      svg.setAttribute('height', height);
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const scale = (width - LEFT - 8) / Math.max(1e-9, x1 - x0);
      const X = (t) => LEFT + (t - x0) * scale;
      k.procs.forEach((p, r) => {
        const t = svgEl('text', { x: 4, y: r * ROW + 15, class: 'proc' });
        t.textContent = 'p' + p;
        svg.appendChild(t);
      });
      const visible = [];
      for (let i = 0; i < ops.length; i++) {
        const o = ops[i];
        if (end(o) < x0 || o[1] > x1) continue;
        visible.push(i);
      }
      const crowded = visible.length > MAX_DRAWN;
      const centres = new Map();
      for (const i of visible) {
        const o = ops[i];
        const a = Math.max(LEFT, X(o[1])), b = Math.min(width - 4, X(end(o)));
        const w = Math.max(1, b - a);
        if (crowded && w < 2 && i !== k.failing && !inWindow.has(i)) continue;
        const y = o[0] * ROW + 4;
        let cls = 'bar';
        if (i === k.failing) cls += ' failing'; else if (inWindow.has(i)) cls += ' inwindow';
        const rect = svgEl('rect', { x: a, y: y, width: w, height: ROW - 8, rx: 3, fill: COLOURS[o[3]], class: cls });
        if (i === k.failing) rect.setAttribute('id', ki === 0 ? 'failing-op' : 'failing-op-' + ki);
        rect.dataset.op = i;
        svg.appendChild(rect);
        centres.set(i, [a + w / 2, y + (ROW - 8) / 2]);
        const label = k.labels[o[4]];
        if (w > label.length * 6.6 + 6) {
          const t = svgEl('text', { x: a + 4, y: y + 11, class: 'lbl' });
          t.textContent = (i === k.failing ? '✗ ' : '') + label;
          svg.appendChild(t);
        }
      }
      if (k.path && k.path.length && k.path.length <= 20000) {
        const points = [];
        for (const i of k.path) if (centres.has(i)) points.push(centres.get(i).join(','));
        if (points.length > 1) svg.appendChild(svgEl('polyline', { points: points.join(' '), class: 'path' }));
      }
    }

    svg.addEventListener('click', (ev) => {
      const i = ev.target.dataset ? ev.target.dataset.op : undefined;
      if (i === undefined) return;
      const o = ops[i];
      let text = 'p' + k.procs[o[0]] + '  ' + k.labels[o[4]] + '  — ' + OUTCOMES[o[3]];
      if (o[5]) text += ', line ' + o[5] + (o[6] && o[6] !== o[5] ? '–' + o[6] : '');
      if (pathIndex.has(Number(i))) text += '  — #' + (pathIndex.get(Number(i)) + 1) + ' in the linearization; state after: ' + k.states[i];
      else if (Number(i) === k.failing) text += '  — cannot be linearized';
      else text += '  — not in the linearization shown';
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
      if (x1 - x0 < 1) x1 = x0 + 1;
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
    zoomToWindow();
    return { render: render, fit: () => { x0 = tmin; x1 = tmax; render(); }, focus: () => { zoomToWindow(); render(); } };
  }

  data.keys.forEach((k, ki) => {
    const failing = k.failing >= 0;
    const box = el(failing ? 'section' : 'details');
    const title = (k.key ? 'key ' + k.key + ': ' : '') + k.verdict + ' (' + k.ops.length + ' operations)' +
                  (k.reason ? ' — ' + k.reason : '');
    box.appendChild(el(failing ? 'h2' : 'summary', {}, title));
    if (k.text) box.appendChild(el('pre', {}, k.text));
    const controls = el('div', { class: 'controls' });
    const fit = el('button', {}, 'whole history');
    const focus = el('button', {}, failing ? 'failing window' : 'start');
    controls.appendChild(fit); controls.appendChild(focus);
    const legend = el('span', { class: 'legend' });
    legend.innerHTML = '<span style="background:#7cc497"></span>ok<span style="background:#f0c05a"></span>info' +
      '<span style="background:#b9bccb"></span>pending<span style="background:#fff;border:2px solid #d00"></span>cannot be placed' +
      '<span style="background:#3461c1;height:2px"></span>' + (failing ? 'longest linearizable prefix' : 'a linearization') +
      ' — wheel to zoom, drag to pan, click an operation';
    controls.appendChild(legend);
    box.appendChild(controls);
    const container = el('div', { class: 'timeline' });
    const detail = el('div', { class: 'detail' });
    box.appendChild(container); box.appendChild(detail);
    main.appendChild(box);
    let timeline = null;
    const draw = () => { if (!timeline) timeline = Timeline(k, ki, container, detail); timeline.render(); };
    fit.addEventListener('click', () => { draw(); timeline.fit(); });
    focus.addEventListener('click', () => { draw(); timeline.focus(); });
    if (failing || data.keys.length === 1) { if (box.tagName === 'DETAILS') box.open = true; draw(); }
    else box.addEventListener('toggle', () => { if (box.open) draw(); });
  });
})();
)JS";

}  // namespace lincheck::cli
