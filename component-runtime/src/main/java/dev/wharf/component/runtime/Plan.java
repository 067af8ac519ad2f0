package dev.wharf.component.runtime;

import dev.wharf.component.ComponentAst.StringEncoding;
import dev.wharf.component.CoreType;
import dev.wharf.component.FuncType;
import dev.wharf.component.Sort;
import java.util.List;
import java.util.Map;

/**
 * The parts of a {@link ComponentPlan}: what instantiating the component does, flattened out of its nested
 * components into numbered steps and slots. Everything here is immutable and shared by every instance of the plan;
 * an instance holds one runtime object per slot.
 */
final class Plan {
    private Plan() {}

    /** A core definition as a core instantiation or a canonical option refers to it. */
    sealed interface CoreItem {}

    /** An export of the core instance in slot {@code instance}. */
    record CoreExport(int instance, String name, Sort sort) implements CoreItem {}

    /** The lowered function in slot {@code index}. */
    record LoweredRef(int index) implements CoreItem {}

    enum IntrinsicKind {
        RESOURCE_NEW,
        RESOURCE_DROP,
        RESOURCE_REP
    }

    /** {@code canon resource.new/drop/rep} of runtime resource {@code resource}, in component instance {@code state}. */
    record Intrinsic(IntrinsicKind kind, int resource, int state) implements CoreItem {}

    /** A canonical built-in Wharf does not implement (the async ABI): an error if a core instance needs it. */
    record Unsupported(String builtin) implements CoreItem {}

    /** One import of a core module and what satisfies it. */
    record Binding(String module, String name, CoreType.Extern type, CoreItem item) {}

    /** Step: instantiate plan module {@code module} into core instance slot {@code slot}. */
    record CoreInstantiation(int slot, int module, List<Binding> bindings, String name) {}

    /** The canonical options of a lift or lower, resolved to core items; absent ones are null. */
    record Options(StringEncoding encoding, CoreExport memory, CoreItem realloc, CoreItem postReturn) {}

    /** Who a component function call goes to. */
    sealed interface Callee {}

    /** A host function of interface {@code iface} ("" for a world-level function). */
    record HostCallee(HostFunc function, String iface) implements Callee {}

    /** The lifted function in slot {@code index}. */
    record LiftedCallee(int index) implements Callee {}

    /** A lowered import: core code in component instance {@code state} calling {@code callee}. */
    record Lowered(int state, Callee callee, FuncAbi abi, Options options, String name) {}

    /** A lifted function: {@code core} of component instance {@code state}, called with component values. */
    record Lifted(int state, CoreItem core, FuncAbi abi, Options options, String name) {}

    /** A runtime resource type: defined by a component instance (with its destructor, or null), or the host's. */
    sealed interface Resource {
        String name();
    }

    record GuestResource(int state, CoreItem destructor, String name) implements Resource {}

    record HostResourceRef(HostResource host) implements Resource {
        @Override
        public String name() {
            return host.name();
        }
    }

    /** A component instance: the file's own (parent -1) or a nested component's instantiation. */
    record State(int parent, String name) {}

    /** What the component exports, as a tree of instances and functions. */
    sealed interface Export {}

    record FuncExport(Callee callee, FuncType type) implements Export {}

    record InstanceExport(Map<String, Export> exports) implements Export {}
}
