//! Entry point of the widget's wasm module: install the panic hook, mount, nothing else.

fn main() {
    console_error_panic_hook::set_once();
    checkout_widget::mount_all();
}
