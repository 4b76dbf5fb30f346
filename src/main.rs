//! Entry point of the widget's wasm module: install the panic hook and publish `mount` for
//! `embed.js`, nothing else. Mounting happens when the page's custom elements connect.

fn main() {
    console_error_panic_hook::set_once();
    checkout_widget::publish_mount();
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
