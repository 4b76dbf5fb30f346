// The sandbox card issuer's 3-D Secure pages (proxy/src/sandbox/threeds.rs). The fingerprint
// page completes at once; the challenge page waits for Complete or Fail. The step is
// completed with fetch, so the framing page's history does not grow, and the result goes
// to the framing page's exact origin only.
(function issuer() {
  const body = document.body;
  const reference = body.dataset.reference;
  const state = document.getElementById('state');

  // The origin of the page that framed this one: Chromium tells it directly; the referrer
  // is the fallback. Without one, nothing is posted: never to every origin.
  function parentOrigin() {
    if (window.parent === window) return null;
    if (location.ancestorOrigins && location.ancestorOrigins.length > 0) return location.ancestorOrigins[0];
    try {
      return document.referrer ? new URL(document.referrer).origin : null;
    } catch (_) {
      return null;
    }
  }

  function post(message) {
    const origin = parentOrigin();
    if (!origin) {
      state.textContent = 'This page is not inside a checkout; nothing was sent.';
      return;
    }
    window.parent.postMessage({ namespace: 'processout.checkout', action: body.dataset.kind, ...message }, origin);
  }

  // Opened in the whole window (metadata.no_iframe): the issuer finishes the payment itself
  // and sends the customer back to the shop's return URL.
  const topLevel = window.parent === window;

  async function complete(outcome) {
    for (const button of document.querySelectorAll('button')) button.disabled = true;
    state.textContent = 'Sending…';
    try {
      const response = await fetch(`../${encodeURIComponent(reference)}/complete`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ outcome, finish: topLevel }),
      });
      const answer = await response.json();
      if (!response.ok || !answer.success) throw new Error(answer.message || `status ${response.status}`);
      state.textContent = 'Done.';
      if (topLevel) {
        const back = typeof answer.return_url === 'string' && /^https?:\/\//.test(answer.return_url);
        if (back) window.location.assign(answer.return_url);
        else state.textContent = 'Done. You can go back to the shop.';
        return;
      }
      post({ data: answer.source });
    } catch (error) {
      state.textContent = 'The step could not be completed.';
      post({ errorCode: 'gateway.unknown-error', errorMessage: String(error && error.message) });
    }
  }

  if (body.dataset.kind === 'fingerprint') {
    // A silent fingerprint (sandbox fault) never answers, as a slow issuer would.
    if (body.dataset.silent !== 'true') complete('success');
  } else {
    // The buttons arrive disabled and come alive only here: a click before this deferred
    // script ran would otherwise do nothing at all.
    for (const button of document.querySelectorAll('button[data-outcome]')) {
      button.addEventListener('click', () => complete(button.dataset.outcome));
      button.disabled = false;
    }
  }
}());
