// The card frame's script (card-frame.html): the customer types the card in this page, served
// from the widget's origin, which the merchant's page cannot read. The decisions are the
// wasm's (card-frame/: checkout-core's card rules and the frame's message contract); this
// script hands it the browser's events and carries out the commands it answers with (the
// ABI is in card-frame/src/lib.rs). It decides one thing itself: which window messages may
// reach the wasm at all (from the parent, from the origin in the URL, with one port).
//
// The wasm is inside this file (scripts/card-frame.sh writes its bytes into WASM, one
// character per byte): the frame's Content-Security-Policy lets it connect to the card
// tokenizer only, so it could not fetch a .wasm file of its own.
const WASM = '__CARD_FRAME_WASM__';

const params = new URLSearchParams(location.hash.slice(1));
const host = params.get('o');
let framed = false;
try {
  // The parent's exact origin, serialized as the browser does: nothing else is posted to.
  framed = parent !== window && new URL(host).origin === host;
} catch {}
if (framed) start(params.get('n') || '');

async function start(nonce) {
  const bytes = Uint8Array.from(WASM, (c) => c.charCodeAt(0));
  const wasm = (await WebAssembly.instantiate(bytes)).instance.exports;
  const root = document.documentElement;
  const form = document.forms[0];
  const [inputs, labels, errors] = ['input', 'label', 'p'].map((tag) => [...form.getElementsByTagName(tag)]);
  labels.push(form.querySelector('legend'));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let port;
  let offered;

  const tokenize = (url, project, body) => fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', Authorization: `Basic ${btoa(`${project}:`)}`, 'Content-Type': 'application/json' },
    body,
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'error',
    referrerPolicy: 'no-referrer',
    signal: AbortSignal.timeout(30000),
  })
    .then(async (response) => {
      let json;
      try {
        json = JSON.parse(await response.text());
      } catch {}
      const found = response.ok ? json?.card?.id : json?.error_type;
      if (typeof found === 'string') run(8, response.ok ? 0 : 1, response.status, found);
      else run(8, 2, response.status);
    })
    .catch((error) => run(8, error.name === 'TimeoutError' ? 4 : 3));

  /** Hands one event to the wasm and carries out its commands. */
  function run(op, a = 0, b = 0, text = '') {
    const input = encoder.encode(text);
    // buf() may grow the memory, which detaches its old buffer: take the view after it.
    const at = wasm.buf(input.length);
    new Uint8Array(wasm.memory.buffer, at, input.length).set(input);
    const now = new Date();
    const length = wasm.run(op, a, b, now.getFullYear() * 100 + now.getMonth() + 1, input.length);
    const out = wasm.buf(0);
    const answer = decoder.decode(new Uint8Array(wasm.memory.buffer, out, length));
    for (const command of answer.split('\x1c')) {
      const at = command[1];
      const value = command.slice(2);
      const field = inputs[at];
      switch (command[0]) {
        case 'p': if (port) port.postMessage(value); else parent.postMessage(value, host); break;
        case 'v': field.value = value; break;
        case 'c': field.setSelectionRange(value, value); break;
        case 'e': errors[at].textContent = value; field.setAttribute('aria-invalid', !!value); break;
        case 'f': field.focus(); break;
        case 'l': form.firstElementChild.disabled = !!value; break;
        case 'x': labels[at].textContent = value; if (at > 3) document.title = value; break;
        case 'a': root.setAttribute(at > 0 ? 'dir' : 'lang', value); break;
        case 's': root.style.setProperty(...value.split('\x1f')); break;
        case 'k':
          port = offered;
          port.onmessage = (event) => typeof event.data === 'string' && run(2, 0, 0, event.data);
          form.hidden = false;
          new ResizeObserver(() => run(7, Math.ceil(root.getBoundingClientRect().height))).observe(root);
          break;
        case 'q': tokenize(...value.split('\x1f')); break;
      }
    }
  }

  const field = (event) => inputs.indexOf(event.target);
  form.addEventListener('input', (event) => run(3, field(event), event.target.selectionStart ?? -1, event.target.value));
  form.addEventListener('focusin', (event) => run(5, field(event)));
  form.addEventListener('focusout', (event) => run(4, field(event), form.contains(event.relatedTarget)));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      run(6);
    }
  });
  addEventListener('message', (event) => {
    if (!port && event.source === parent && event.origin === host && event.ports.length === 1
      && typeof event.data === 'string') {
      offered = event.ports[0];
      run(1, 0, 0, event.data);
    }
  });
  run(0, 0, 0, nonce);
}
