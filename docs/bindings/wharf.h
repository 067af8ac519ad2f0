/*
 * wharf.h: C bindings for the Wharf host API (docs/host-api.md), for WAGI handlers built with
 *   clang --target=wasm32-wasi --sysroot=/usr -O2 -o handler.wasm handler.c
 *
 * Every function returns a wharf_status (WHARF_OK on success). Strings are passed as pointer + length and need
 * no terminating NUL; WHARF_STR("literal") expands to both. Results are written through out-pointers. A call
 * that fills a caller's buffer writes the full length to *len_out and returns WHARF_BUFFER_TOO_SMALL, copying
 * nothing, when the buffer is too small: call again with a buffer of that size.
 */
#ifndef WHARF_H
#define WHARF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef int32_t wharf_status;

#define WHARF_OK 0
#define WHARF_NOT_FOUND 1        /* no such key, variable or header */
#define WHARF_BUFFER_TOO_SMALL 2 /* *len_out holds the size needed */
#define WHARF_DENIED 3           /* store not in key_value_stores, host not in allowed_outbound_hosts */
#define WHARF_INVALID 4          /* bad handle, bad UTF-8, malformed URL or header block */
#define WHARF_IO 5               /* storage or network failure */
#define WHARF_TIMEOUT 6          /* the outbound request (or the handler's own deadline) ran out of time */
#define WHARF_TOO_LARGE 7        /* value or response body above the host's cap; log line limit reached */

#define WHARF_STR(s) (s), strlen(s)

#define WHARF_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/* ---- wharf:kv: key-value stores the component declares in key_value_stores ---------------------------- */

typedef uint32_t wharf_kv_store;

WHARF_IMPORT("wharf:kv", "open")
wharf_status wharf_kv_open(const char *name, size_t name_len, wharf_kv_store *store_out);

WHARF_IMPORT("wharf:kv", "get")
wharf_status wharf_kv_get(wharf_kv_store store, const char *key, size_t key_len,
                          uint8_t *buf, size_t buf_cap, size_t *len_out);

WHARF_IMPORT("wharf:kv", "set")
wharf_status wharf_kv_set(wharf_kv_store store, const char *key, size_t key_len,
                          const uint8_t *value, size_t value_len);

/* Deleting a key that does not exist is not an error. */
WHARF_IMPORT("wharf:kv", "delete")
wharf_status wharf_kv_delete(wharf_kv_store store, const char *key, size_t key_len);

/* WHARF_OK when the key exists, WHARF_NOT_FOUND when it does not. */
WHARF_IMPORT("wharf:kv", "exists")
wharf_status wharf_kv_exists(wharf_kv_store store, const char *key, size_t key_len);

/* ---- wharf:variables: the component's variables, templates expanded ------------------------------------ */

WHARF_IMPORT("wharf:variables", "get")
wharf_status wharf_variable_get(const char *name, size_t name_len, char *buf, size_t buf_cap, size_t *len_out);

/* ---- wharf:log: structured lines in the host's log, tagged with component and request id --------------- */

typedef enum {
    WHARF_LOG_TRACE = 0,
    WHARF_LOG_DEBUG = 1,
    WHARF_LOG_INFO = 2,
    WHARF_LOG_WARN = 3,
    WHARF_LOG_ERROR = 4,
} wharf_log_level;

/* Attaches key=value to the next wharf_log_write (keys: letters, digits, _ . -). */
WHARF_IMPORT("wharf:log", "field")
wharf_status wharf_log_field(const char *key, size_t key_len, const char *value, size_t value_len);

WHARF_IMPORT("wharf:log", "write")
wharf_status wharf_log_write(int32_t level, const char *message, size_t message_len);

/* ---- wharf:http: outbound requests to hosts in allowed_outbound_hosts ---------------------------------- */

typedef uint32_t wharf_http_response;

typedef struct {
    wharf_http_response handle; /* for wharf_http_header / wharf_http_read_body / wharf_http_close */
    uint32_t status;            /* the HTTP status code */
} wharf_http_result;

/*
 * headers: "Name: value" lines separated by "\n" (may be empty). Redirects are not followed. The response body
 * is read in full by the host (up to 16 MiB) and handed out by wharf_http_read_body.
 */
WHARF_IMPORT("wharf:http", "send")
wharf_status wharf_http_send(const char *method, size_t method_len, const char *url, size_t url_len,
                             const char *headers, size_t headers_len, const uint8_t *body, size_t body_len,
                             wharf_http_result *result_out);

WHARF_IMPORT("wharf:http", "header")
wharf_status wharf_http_header(wharf_http_response response, const char *name, size_t name_len,
                               char *buf, size_t buf_cap, size_t *len_out);

/* Copies the next up to buf_cap bytes of the body; *n_out == 0 at the end. */
WHARF_IMPORT("wharf:http", "read_body")
wharf_status wharf_http_read_body(wharf_http_response response, uint8_t *buf, size_t buf_cap, size_t *n_out);

WHARF_IMPORT("wharf:http", "close")
wharf_status wharf_http_close(wharf_http_response response);

#endif /* WHARF_H */
