//! Entry point of the widget's wasm module: install a panic hook and publish `mount` for
//! `embed.js`, nothing else. Mounting happens when the page's custom elements connect.

fn main() {
    // A panic aborts the module; say why in the console first. Only in debug builds: the
    // release build (scripts/release.sh) aborts at once on a panic, so this hook would be
    // bytes that never run. Without `format!` (the
    // `Display` of the panic info and its formatting machinery cost about 0.3 KB gzip): the
    // message and where it happened, as "checkout-widget: <message> at <file>:<line>".
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        let mut text = String::from("checkout-widget: ");
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        text.push_str(message.unwrap_or("panic"));
        if let Some(location) = info.location() {
            text.push_str(" at ");
            text.push_str(location.file());
            text.push(':');
            push_decimal(&mut text, location.line());
        }
        web_sys::console::error_1(&text.into());
    }));
    checkout_widget::publish_mount();
}

/// Appends `n` in decimal digits, without `core::fmt`.
#[cfg(debug_assertions)]
fn push_decimal(text: &mut String, n: u32) {
    if n >= 10 {
        push_decimal(text, n / 10);
    }
    text.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
