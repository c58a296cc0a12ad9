// Injected by html_view_test.sh --script after the HTML report's own script: unticks the "other keys"
// checkbox of the first failing key as a person would, and checks that the other keys' operations are
// no longer drawn — except those a hint names, which stay drawn and marked — and come back when ticked.
// Writes data-check="yes" (or "no: ...") on <body>.
(function () {
  'use strict';
  const out = [];
  const key = document.querySelector('section.key');
  const box = key && key.querySelector('input.others-toggle');
  const svg = key && key.querySelector('svg');
  if (!box || !svg) {
    out.push('no other-keys checkbox');
  } else {
    const count = (selector) => svg.querySelectorAll(selector).length;
    const dimmed = count('rect.bar.other:not(.hinted)');
    const named = count('rect.bar.other.hinted');
    if (!box.checked) out.push('the checkbox starts unticked');
    if (dimmed === 0) out.push('no other keys drawn while ticked');
    box.click();  // untick: fires "change" as a person's click does
    if (box.checked) out.push('the click did not untick it');
    if (count('rect.bar.other:not(.hinted)') !== 0) out.push(count('rect.bar.other:not(.hinted)') + ' other-key operations still drawn');
    if (count('rect.bar.other.hinted') !== named) out.push('the operations a hint names went with them');
    box.click();
    if (count('rect.bar.other:not(.hinted)') !== dimmed) out.push('ticked again, ' + count('rect.bar.other:not(.hinted)') + ' drawn, not ' + dimmed);
  }
  document.body.setAttribute('data-check', out.length ? 'no: ' + out.join(', ') : 'yes');
})();
