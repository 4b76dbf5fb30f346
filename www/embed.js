// The checkout widget's entry point: load this module on the merchant's page and every
// <checkout-widget> element becomes a checkout. A file, not an inline script, so the page
// can keep a strict Content-Security-Policy.
import init from './checkout-widget.js';

init();
