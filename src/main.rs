//! Entry point of the widget's wasm module: install a panic hook and publish `mount` for
//! `embed.js`, nothing else. Mounting happens when the page's custom elements connect.

fn main() {
    // A panic aborts the module; say why in the console first.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("checkout-widget: {info}").into());
    }));
    checkout_widget::publish_mount();
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
