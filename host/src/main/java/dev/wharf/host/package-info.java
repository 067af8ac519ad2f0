/**
 * Host functions declared once ({@link dev.wharf.host.HostFn}): name, typed and named parameters, result, the
 * {@link dev.wharf.host.Capability} each touches and the implementation, from which the wasm type, the strace-style
 * trace line ({@link dev.wharf.host.HostCall}) and `wharf inspect`'s capability listing derive.
 *
 * <p>Nothing here is specific to one host API: WASI preview1 ({@code wasi/}), the app host's {@code wharf:*} API
 * ({@code http/}) and the coming WASI 0.2 host all declare their functions with it. Parameters are described at the
 * core wasm level ({@code i32}, {@code i64}, a {@code (ptr, len)} region), which is also where the canonical ABI
 * lowers WIT strings and lists; binding a declaration and turning failures into a status stays with each host API.
 */
package dev.wharf.host;
