package dev.wharf.component.runtime;

import dev.wharf.runtime.RunSpec;

/**
 * A set of host interfaces that {@code wharf run} links every component against, found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.wharf.component.runtime.HostProvider} entry): the
 * WASI 0.2 host registers one. {@link #link} adds its interfaces once per plan; {@link #runData} makes the state its
 * functions reach through {@link Caller#data} for one run, from what the run grants (argv, environment, preopened
 * directories, stdio, limits).
 */
public interface HostProvider {
    void link(Linker linker);

    Object runData(RunSpec spec);
}
