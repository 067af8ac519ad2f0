package dev.wharf.cli;

import dev.wharf.component.runtime.HostProvider;
import dev.wharf.component.runtime.Linker;
import dev.wharf.component.runtime.TestHost;
import dev.wharf.runtime.RunSpec;

/**
 * The tests' host provider, registered in the test resources' META-INF/services the way the WASI 0.2 host will
 * register itself: `wharf run` links the example wharf:test/host interface into every component it runs in tests.
 */
public final class TestHostProvider implements HostProvider {
    @Override
    public void link(Linker linker) {
        linker.define(new TestHost().build());
    }

    @Override
    public Object runData(RunSpec spec) {
        return spec;
    }
}
