//! The card frame's WebAssembly: checkout-core's card rules (formatting, caret, brand, checks)
//! and the frame's message contract (`checkout_core::frame`), behind an ABI small enough to
//! need no wasm-bindgen. `www/card-frame.js` is the other half: it turns browser events into
//! calls of [`run`] and carries out the commands it answers with. The behaviour itself is
//! [`model`], tested natively.
//!
//! # ABI
//!
//! Exports: `memory`, [`buf`] and [`run`]. Text goes both ways through one buffer in the
//! wasm's memory, as UTF-8:
//!
//! 1. `buf(len)` makes the buffer hold at least `len` bytes and returns its address; the page
//!    writes the event's text there;
//! 2. `run(op, a, b, today, len)` reads those `len` bytes, handles the event and writes its
//!    answer into the buffer, returning the answer's length; the page reads it at `buf(0)`.
//!
//! `today` is `year * 100 + month` from the browser's clock. The events (`op`, with `a`, `b`
//! and the text):
//!
//! | op | event | a | b | text |
//! |---|---|---|---|---|
//! | 0 | page started | | | the nonce of the URL |
//! | 1 | window message from the parent, from the URL's origin, one port | | | its data |
//! | 2 | message on the port | | | its data |
//! | 3 | `input` | field | caret (UTF-16; `u32::MAX`: end) | the value |
//! | 4 | `focusout` | field | 1: focus stays in the form | |
//! | 5 | `focusin` | field | | |
//! | 6 | Enter | | | |
//! | 7 | height changed | px | | |
//! | 8 | tokenize answer | 0 card id, 1 error type, 2 neither, 3 network, 4 timeout | HTTP status | the id or type |
//!
//! Fields are numbered as `Field::ALL`: 0 number, 1 expiry, 2 CVC, 3 name. The answer is a
//! list of commands, each one character of operation, one of index (a field's number, or
//! `-`) and the rest its text, ended by U+001C. No text in a command can hold U+001C: the
//! messages use U+001D to U+001F, and texts, values and theme values the contract admits
//! have no control characters.
//!
//! | command | does | text |
//! |---|---|---|
//! | `p` | post: to the parent (the hello) or on the port | the message |
//! | `v` | set field's value | the value |
//! | `c` | put field's caret | the position |
//! | `e` | field's error (and `aria-invalid`); empty: none | the text |
//! | `f` | focus field | |
//! | `l` | disable the fields when not empty | `1` or nothing |
//! | `x` | label index (0-3 fields, 4 legend and title) | the text |
//! | `a` | root attribute: index 0 `lang`, 1 `dir` | the value |
//! | `s` | theme property on the root | name U+001F value |
//! | `k` | keep the offered port, show the form | |
//! | `q` | POST the card | URL U+001F project id U+001F JSON body |
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod model;

use std::cell::RefCell;

use checkout_core::frame::Field;
use model::{Answer, Event, Frame, Today};

thread_local! {
    /// The buffer text goes through, both ways.
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The frame: one per page.
    static FRAME: RefCell<Option<Frame>> = const { RefCell::new(None) };
}

/// Makes the buffer hold at least `len` bytes; its address, for the page to write an event's
/// text to or read an answer from.
#[no_mangle]
pub extern "C" fn buf(len: usize) -> *mut u8 {
    BUFFER.with_borrow_mut(|buffer| {
        if buffer.len() < len {
            buffer.resize(len, 0);
        }
        buffer.as_mut_ptr()
    })
}

/// Handles one event (see the crate docs); the answer's length in bytes, at `buf(0)`.
#[no_mangle]
pub extern "C" fn run(op: u32, a: u32, b: u32, today: u32, len: usize) -> usize {
    // The page writes what TextEncoder made, always UTF-8; anything else reads as nothing.
    let text = BUFFER.with_borrow(|buffer| {
        std::str::from_utf8(buffer.get(..len).unwrap_or_default())
            .unwrap_or_default()
            .to_string()
    });
    let today = Today {
        year: u16::try_from(today / 100).unwrap_or(u16::MAX),
        month: u8::try_from(today % 100).unwrap_or(1),
    };
    let answer = match event(op, a, b, &text) {
        Some(event) => FRAME.with_borrow_mut(|frame| {
            frame
                .get_or_insert_with(Frame::default)
                .handle(event, today)
        }),
        None => String::new(),
    };
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.extend_from_slice(answer.as_bytes());
    });
    answer.len()
}

/// The event the page reported; `None` for a call that names none (a field that is not one).
fn event(op: u32, a: u32, b: u32, text: &str) -> Option<Event<'_>> {
    let field = || Field::ALL.get(usize::try_from(a).ok()?).copied();
    Some(match op {
        0 => Event::Start { nonce: text },
        1 => Event::Offer { text },
        2 => Event::Port { text },
        3 => Event::Input {
            field: field()?,
            value: text,
            caret: usize::try_from(b).ok().filter(|_| b != u32::MAX),
        },
        4 => Event::Leave {
            field: field()?,
            inside: b == 1,
        },
        5 => Event::Arrive { field: field()? },
        6 => Event::Enter,
        7 => Event::Height(a),
        8 => Event::Answer(match a {
            0 => Answer::Token(text),
            1 => Answer::Refused(text),
            2 => Answer::Unreadable(u16::try_from(b).unwrap_or(0)),
            3 => Answer::Network,
            _ => Answer::Timeout,
        }),
        _ => return None,
    })
}

// The wasm's allocator: a small free list instead of std's dlmalloc, a few kilobytes less.
// Sound here because the frame's wasm runs on one thread only (no atomics, no workers).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls the ABI as the page does: the text into the buffer, then `run`.
    fn call(op: u32, a: u32, b: u32, text: &str) -> String {
        let bytes = text.as_bytes();
        let at = buf(bytes.len());
        BUFFER.with_borrow_mut(|buffer| buffer[..bytes.len()].copy_from_slice(bytes));
        assert_eq!(at, BUFFER.with_borrow_mut(|b| b.as_mut_ptr()));
        let len = run(op, a, b, 202_605, bytes.len());
        BUFFER.with_borrow(|buffer| String::from_utf8(buffer[..len].to_vec()).unwrap())
    }

    #[test]
    fn the_abi_round_trip_from_hello_to_a_formatted_number() {
        let hello = call(0, 0, 0, "n0nce_0123456789abcdef");
        assert_eq!(hello, "p-ckf1\u{1f}hello\u{1f}n0nce_0123456789abcdef\u{1c}");
        let init = checkout_core::frame::ToFrame::Init(checkout_core::frame::Init {
            nonce: "n0nce_0123456789abcdef".into(),
            lang: "ar".into(),
            dir: checkout_core::frame::Dir::Rtl,
            api_url: "https://api.processout.com".into(),
            project_id: "proj_1".into(),
            theme: vec![("--checkout-font".into(), "serif".into())],
            texts: vec![],
            locked: true,
        });
        let commands = call(1, 0, 0, &init.encode());
        let list: Vec<&str> = commands.split('\u{1c}').collect();
        assert_eq!(
            list,
            [
                "a0ar",
                "a1rtl",
                "x4Card details",
                "x0Card number",
                "x1Expiry date (MM/YY)",
                "x2Security code",
                "x3Name on card",
                "s---checkout-font\u{1f}serif",
                "l-1",
                "k-",
                "p-ckf1\u{1f}ready",
                ""
            ]
        );
        let typed = call(3, 0, u32::MAX, "42424");
        assert_eq!(typed, "v04242 4\u{1c}c06\u{1c}");
        // Not a field: nothing.
        assert_eq!(call(3, 9, 0, "4"), "");
        assert_eq!(call(99, 0, 0, ""), "");
    }
}
