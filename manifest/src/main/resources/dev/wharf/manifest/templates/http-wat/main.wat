;; {{project-name}}: an HTTP handler run as a WAGI (CGI) program, in WebAssembly text.
;; The request comes in environment variables (REQUEST_METHOD, PATH_INFO, QUERY_STRING, HTTP_* headers)
;; and the body on stdin; the response is headers, a blank line, then the body, written to stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Memory layout: NUL-terminated strings below 1024, an iovec at 1024, environment sizes at 1040,
  ;; and from 4096 the environment (pointer array, then the NAME=value strings).
  (data (i32.const 0) "Content-Type: text/plain\n\n\00")
  (data (i32.const 256) "REQUEST_METHOD=\00")
  (data (i32.const 288) "PATH_INFO=\00")
  (data (i32.const 320) "?\00")
  (data (i32.const 324) " \00")
  (data (i32.const 328) "\n\00")
  (data (i32.const 512) "Hello from {{project-name}}!\n\00")

  (func $strlen (param $s i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; Writes a NUL-terminated string to stdout.
  (func $print (param $s i32)
    (i32.store (i32.const 1024) (local.get $s))
    (i32.store (i32.const 1028) (call $strlen (local.get $s)))
    (drop (call $fd_write (i32.const 1) (i32.const 1024) (i32.const 1) (i32.const 1032))))

  (func $starts_with (param $s i32) (param $prefix i32) (param $len i32) (result i32)
    (local $i i32)
    (block $differ
      (loop $next
        (if (i32.ge_u (local.get $i) (local.get $len)) (then (return (i32.const 1))))
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $s) (local.get $i)))
                               (i32.load8_u (i32.add (local.get $prefix) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; The value of the environment variable whose "NAME=" is at $prefix, or "?" when it is not set.
  (func $getenv (param $prefix i32) (result i32)
    (local $count i32) (local $needed i32) (local $len i32) (local $i i32) (local $entry i32)
    (drop (call $environ_sizes_get (i32.const 1040) (i32.const 1044)))
    (local.set $count (i32.load (i32.const 1040)))
    (local.set $needed (i32.add (i32.add (i32.const 4096) (i32.mul (local.get $count) (i32.const 4)))
                                (i32.load (i32.const 1044))))
    ;; a large environment gets more memory
    (if (i32.gt_u (local.get $needed) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (memory.grow (i32.sub (i32.add (i32.shr_u (local.get $needed) (i32.const 16)) (i32.const 1))
                                          (memory.size)))
                    (i32.const -1))
          (then (return (i32.const 320))))))
    (drop (call $environ_get (i32.const 4096) (i32.add (i32.const 4096) (i32.mul (local.get $count) (i32.const 4)))))
    (local.set $len (call $strlen (local.get $prefix)))
    (block $not_found
      (loop $next
        (br_if $not_found (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $entry (i32.load (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 4)))))
        (if (call $starts_with (local.get $entry) (local.get $prefix) (local.get $len))
          (then (return (i32.add (local.get $entry) (local.get $len)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 320))

  (func (export "_start")
    (call $print (i32.const 0))
    (call $print (i32.const 512))
    (call $print (call $getenv (i32.const 256)))
    (call $print (i32.const 324))
    (call $print (call $getenv (i32.const 288)))
    (call $print (i32.const 328))))
