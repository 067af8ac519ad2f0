package dev.wharf.component.runtime;

import dev.wharf.component.FuncType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An interface the host provides to components, such as {@code wasi:cli/stdout@0.2.12}: its functions (see
 * {@link HostFunc}) and the resource types it exports. Built once and shared by every plan a {@link Linker} links;
 * per-run state reaches the functions through {@link Caller#data}.
 */
public final class HostInterface {
    private final InterfaceName name;
    private final Map<String, HostFunc> functions;
    private final Map<String, HostResource> resources;

    private HostInterface(InterfaceName name, Map<String, HostFunc> functions, Map<String, HostResource> resources) {
        this.name = name;
        this.functions = Collections.unmodifiableMap(functions);
        this.resources = Collections.unmodifiableMap(resources);
    }

    /** A builder for the interface named {@code ns:pkg/name@version}, the version being the one the host implements. */
    public static Builder builder(String name) {
        return new Builder(InterfaceName.parse(name));
    }

    public String name() {
        return name.toString();
    }

    InterfaceName interfaceName() {
        return name;
    }

    public Map<String, HostFunc> functions() {
        return functions;
    }

    public Map<String, HostResource> resources() {
        return resources;
    }

    public static final class Builder {
        private final InterfaceName name;
        private final Map<String, HostFunc> functions = new LinkedHashMap<>();
        private final Map<String, HostResource> resources = new LinkedHashMap<>();

        private Builder(InterfaceName name) {
            this.name = name;
        }

        /** Exports a resource type under its name (the same object may be exported by several interfaces). */
        public Builder resource(HostResource resource) {
            resources.put(resource.name(), resource);
            return this;
        }

        /** A function with a declared type: linking refuses a component that imports it with another type. */
        public Builder func(String name, FuncType type, HostCall body) {
            functions.put(name, new HostFunc(name, type, body));
            return this;
        }

        /** A function that takes the type the component imports it with (the body must cope with it). */
        public Builder func(String name, HostCall body) {
            return func(name, null, body);
        }

        public HostInterface build() {
            return new HostInterface(name, new LinkedHashMap<>(functions), new LinkedHashMap<>(resources));
        }
    }
}
