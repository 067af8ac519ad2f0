//! Rust bindings for the Wharf host API (docs/host-api.md), std only. Include the file in a WAGI handler built
//! with `rustc --target wasm32-wasi`:
//!
//! ```ignore
//! #[path = "wharf.rs"]
//! mod wharf;
//! ```
#![allow(dead_code)]

use std::fmt;

/// A non-OK status from the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    NotFound,
    BufferTooSmall,
    Denied,
    Invalid,
    Io,
    Timeout,
    TooLarge,
    Other(i32),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::NotFound => "not found",
            Error::BufferTooSmall => "buffer too small",
            Error::Denied => "denied by the manifest",
            Error::Invalid => "invalid argument",
            Error::Io => "storage or network failure",
            Error::Timeout => "timed out",
            Error::TooLarge => "too large",
            Error::Other(_) => "unknown status",
        };
        write!(f, "{}", text)
    }
}

fn check(status: i32) -> Result<(), Error> {
    match status {
        0 => Ok(()),
        1 => Err(Error::NotFound),
        2 => Err(Error::BufferTooSmall),
        3 => Err(Error::Denied),
        4 => Err(Error::Invalid),
        5 => Err(Error::Io),
        6 => Err(Error::Timeout),
        7 => Err(Error::TooLarge),
        n => Err(Error::Other(n)),
    }
}

/// Calls `fill(buf, cap, len_out)` with a growing buffer until the value fits; None when it is not found.
fn read_sized(mut fill: impl FnMut(*mut u8, usize, *mut usize) -> i32) -> Result<Option<Vec<u8>>, Error> {
    let mut buf: Vec<u8> = vec![0; 256];
    loop {
        let mut len: usize = 0;
        match check(fill(buf.as_mut_ptr(), buf.len(), &mut len)) {
            Ok(()) => {
                buf.truncate(len);
                return Ok(Some(buf));
            }
            Err(Error::NotFound) => return Ok(None),
            Err(Error::BufferTooSmall) => buf.resize(len, 0),
            Err(e) => return Err(e),
        }
    }
}

mod raw {
    #[link(wasm_import_module = "wharf:kv")]
    extern "C" {
        #[link_name = "open"]
        pub fn kv_open(name: *const u8, name_len: usize, store_out: *mut u32) -> i32;
        #[link_name = "get"]
        pub fn kv_get(store: u32, key: *const u8, key_len: usize, buf: *mut u8, cap: usize, len_out: *mut usize) -> i32;
        #[link_name = "set"]
        pub fn kv_set(store: u32, key: *const u8, key_len: usize, value: *const u8, value_len: usize) -> i32;
        #[link_name = "delete"]
        pub fn kv_delete(store: u32, key: *const u8, key_len: usize) -> i32;
        #[link_name = "exists"]
        pub fn kv_exists(store: u32, key: *const u8, key_len: usize) -> i32;
    }

    #[link(wasm_import_module = "wharf:variables")]
    extern "C" {
        #[link_name = "get"]
        pub fn variable_get(name: *const u8, name_len: usize, buf: *mut u8, cap: usize, len_out: *mut usize) -> i32;
    }

    #[link(wasm_import_module = "wharf:log")]
    extern "C" {
        #[link_name = "field"]
        pub fn log_field(key: *const u8, key_len: usize, value: *const u8, value_len: usize) -> i32;
        #[link_name = "write"]
        pub fn log_write(level: i32, message: *const u8, message_len: usize) -> i32;
    }

    #[link(wasm_import_module = "wharf:http")]
    extern "C" {
        #[link_name = "send"]
        pub fn http_send(
            method: *const u8,
            method_len: usize,
            url: *const u8,
            url_len: usize,
            headers: *const u8,
            headers_len: usize,
            body: *const u8,
            body_len: usize,
            result_out: *mut u32,
        ) -> i32;
        #[link_name = "header"]
        pub fn http_header(response: u32, name: *const u8, name_len: usize, buf: *mut u8, cap: usize, len_out: *mut usize) -> i32;
        #[link_name = "read_body"]
        pub fn http_read_body(response: u32, buf: *mut u8, cap: usize, n_out: *mut usize) -> i32;
        #[link_name = "close"]
        pub fn http_close(response: u32) -> i32;
    }
}

pub mod kv {
    use super::{check, raw, read_sized, Error};

    /// A key-value store the component declares in `key_value_stores`.
    pub struct Store(u32);

    impl Store {
        pub fn open(name: &str) -> Result<Store, Error> {
            let mut handle = 0u32;
            check(unsafe { raw::kv_open(name.as_ptr(), name.len(), &mut handle) })?;
            Ok(Store(handle))
        }

        pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, Error> {
            read_sized(|buf, cap, len| unsafe { raw::kv_get(self.0, key.as_ptr(), key.len(), buf, cap, len) })
        }

        pub fn set(&self, key: &str, value: &[u8]) -> Result<(), Error> {
            check(unsafe { raw::kv_set(self.0, key.as_ptr(), key.len(), value.as_ptr(), value.len()) })
        }

        pub fn delete(&self, key: &str) -> Result<(), Error> {
            check(unsafe { raw::kv_delete(self.0, key.as_ptr(), key.len()) })
        }

        pub fn exists(&self, key: &str) -> Result<bool, Error> {
            match check(unsafe { raw::kv_exists(self.0, key.as_ptr(), key.len()) }) {
                Ok(()) => Ok(true),
                Err(Error::NotFound) => Ok(false),
                Err(e) => Err(e),
            }
        }
    }
}

pub mod variables {
    use super::{raw, read_sized, Error};

    /// The component variable's value; None when the component has no such variable.
    pub fn get(name: &str) -> Result<Option<String>, Error> {
        let bytes = read_sized(|buf, cap, len| unsafe { raw::variable_get(name.as_ptr(), name.len(), buf, cap, len) })?;
        Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
    }
}

pub mod log {
    use super::{check, raw, Error};

    #[derive(Clone, Copy)]
    pub enum Level {
        Trace = 0,
        Debug = 1,
        Info = 2,
        Warn = 3,
        Error = 4,
    }

    /// One line in the host's log, with key=value fields.
    pub fn write(level: Level, message: &str, fields: &[(&str, &str)]) -> Result<(), Error> {
        for (k, v) in fields {
            check(unsafe { raw::log_field(k.as_ptr(), k.len(), v.as_ptr(), v.len()) })?;
        }
        check(unsafe { raw::log_write(level as i32, message.as_ptr(), message.len()) })
    }
}

pub mod http {
    use super::{check, raw, read_sized, Error};

    pub struct Response {
        handle: u32,
        pub status: u16,
    }

    /// Sends a request to a host in `allowed_outbound_hosts`. Redirects are not followed.
    pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Response, Error> {
        let mut block = String::new();
        for (name, value) in headers {
            block.push_str(name);
            block.push_str(": ");
            block.push_str(value);
            block.push('\n');
        }
        let mut out = [0u32; 2];
        check(unsafe {
            raw::http_send(
                method.as_ptr(),
                method.len(),
                url.as_ptr(),
                url.len(),
                block.as_ptr(),
                block.len(),
                body.as_ptr(),
                body.len(),
                out.as_mut_ptr(),
            )
        })?;
        Ok(Response { handle: out[0], status: out[1] as u16 })
    }

    impl Response {
        pub fn header(&self, name: &str) -> Result<Option<String>, Error> {
            let bytes = read_sized(|buf, cap, len| unsafe { raw::http_header(self.handle, name.as_ptr(), name.len(), buf, cap, len) })?;
            Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
        }

        /// The rest of the body.
        pub fn body(&self) -> Result<Vec<u8>, Error> {
            let mut all = Vec::new();
            let mut chunk = vec![0u8; 16 * 1024];
            loop {
                let mut n: usize = 0;
                check(unsafe { raw::http_read_body(self.handle, chunk.as_mut_ptr(), chunk.len(), &mut n) })?;
                if n == 0 {
                    return Ok(all);
                }
                all.extend_from_slice(&chunk[..n]);
            }
        }
    }

    impl Drop for Response {
        fn drop(&mut self) {
            unsafe {
                raw::http_close(self.handle);
            }
        }
    }
}
