/**
 * Instantiating and calling WebAssembly components: the canonical ABI, resources, the instantiation plan, the
 * linker and the host API.
 *
 * <h2>Running a component</h2>
 *
 * <pre>{@code
 * ParsedComponent component = ParsedComponent.read(path);             // dev.wharf.component: decode + validate
 * Linker linker = new Linker().define(myInterface);                   // host interfaces by name, 0.x semver
 * ComponentPlan plan = ComponentPlan.compile(component, engine, linker, limits);   // once
 * try (ComponentInstance instance = plan.instantiate(myRunState)) {   // per run or request: cheap
 *     Object greeting = instance.function("wharf:test/greeter@0.1.0#greet").call("Wharf");
 * }
 * }</pre>
 *
 * <p>{@link dev.wharf.component.runtime.ComponentRunner} does the same on a guest thread with limits, timeouts and
 * trap reports, for `wharf run` ({@code wasi:cli/run}, or an {@code --invoke} call in WAVE).
 *
 * <h2>Providing an interface from Java</h2>
 *
 * <p>A {@link dev.wharf.component.runtime.HostInterface} is a name ({@code ns:pkg/name@version}, the version the host
 * implements), resource types and functions. Each function has a declared WIT type (spelled with
 * {@link dev.wharf.component.runtime.Wit}; the plan refuses a component that imports it with another type) and a
 * body over Java values (the {@code dev.wharf.component} package documents each type's Java form):
 *
 * <pre>{@code
 * HostResource stream = new HostResource("output-stream", (caller, rep) -> ((OutputStream) rep).close());
 * HostInterface streams = HostInterface.builder("wasi:io/streams@0.2.12")
 *         .resource(stream)
 *         .func("[method]output-stream.blocking-write-and-flush",
 *                 Wit.func(Wit.result(null, streamError), "self", stream.borrow(), "contents", Wit.list(U8)),
 *                 (caller, args) -> {
 *                     var out = (OutputStream) args[0];                // a borrow: the host's own object
 *                     out.write((byte[]) args[1]);                     // list<u8> is a byte[]
 *                     return ResultValue.OK;                           // result<_, stream-error>
 *                 })
 *         .build();
 * HostInterface stdout = HostInterface.builder("wasi:cli/stdout@0.2.12")
 *         .resource(stream)                                            // the same resource type, re-exported
 *         .func("get-stdout", Wit.func(stream.own()),
 *                 (caller, args) -> caller.data(MyRun.class).stdout())  // an own: the guest gets a new handle
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li>An {@code own<R>} result of a host resource becomes a handle in the calling instance's table; its
 *       representation is whatever Java object the function returned. A {@code borrow<R>} or {@code own<R>}
 *       argument arrives as that object. When the guest drops its handle, the resource's
 *       {@link dev.wharf.component.runtime.ResourceDestructor} runs with it.
 *   <li>Parent/child lifetimes: {@link dev.wharf.component.runtime.Caller#adopt} makes dropping the parent trap while
 *       the child lives (a body stream before its body).
 *   <li>Errors as values: a {@code result<T, E>} result is a {@link dev.wharf.component.ResultValue}; throwing
 *       {@link dev.wharf.component.runtime.ComponentTrap} traps the guest; {@link
 *       dev.wharf.component.runtime.ComponentExit} ends the run with a status (wasi:cli/exit); any other exception is
 *       a host error.
 *   <li>Per-run state reaches a body through {@link dev.wharf.component.runtime.Caller#data}: the objects given to
 *       {@link dev.wharf.component.runtime.ComponentPlan#instantiate}. Interfaces themselves are built once.
 *   <li>`wharf run` links the interfaces of every {@link dev.wharf.component.runtime.HostProvider} that
 *       {@link java.util.ServiceLoader} finds (the WASI 0.2 host registers one).
 * </ul>
 *
 * <h2>Calling an export from Java</h2>
 *
 * <p>{@link dev.wharf.component.runtime.ComponentInstance#function} finds an export by path ({@code
 * "wasi:cli/run@0.2.12#run"}, with any compatible version, or a bare function name that only one interface has);
 * {@link dev.wharf.component.runtime.ComponentFunction#call} takes and returns Java values. Handles of resources a
 * component defines come back as {@link dev.wharf.component.runtime.ResourceHandle}s that Java passes back in or
 * drops.
 *
 * <h2>The plan</h2>
 *
 * <p>{@link dev.wharf.component.runtime.ComponentPlan#compile} inlines the component tree (nested components at their
 * instantiations, as wasmtime's inliner does) into numbered slots: core instantiations in order, each import bound to
 * an earlier slot's export, a lowered function or a resource built-in; lowered functions (core code calling a host
 * function or another component's lifted function, with memory, realloc and string encoding, resolved when first
 * called since the memory may belong to a later slot); lifted functions; runtime resource types; component instances
 * (handle tables, reentrance flags). The lifting and lowering code of every function type is built then, once: a
 * tree of codecs per type, so a call never walks a type.
 *
 * <h2>What is covered of the component model, and what is not yet</h2>
 *
 * <p>Covered: the synchronous canonical ABI of WASI 0.2 (every value type family, strings in utf8, utf16 and
 * latin1+utf16, realloc and post-return, flattening limits and spilling through memory, the spec's trap rules),
 * resources (own/borrow handle tables, lends, borrow scopes, destructors, resource.new/drop/rep), may-enter and
 * may-leave, nested and composed components with resources crossing them. Not yet: the async ABI of WASI 0.3
 * (async lift/lower, callbacks, waitable sets, {@code stream}/{@code future}, error-context), refused when a plan is
 * compiled; component start functions and value definitions (🪙); fixed-length lists are lifted but maps are not.
 * The codecs and {@link dev.wharf.component.runtime.AbiContext} carry a call's scope so tasks can be added without
 * a rewrite.
 */
package dev.wharf.component.runtime;
