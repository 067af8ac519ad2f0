package dev.wharf.cli;

import dev.wharf.binary.ModuleInfo;
import dev.wharf.host.Capability;
import dev.wharf.wasi.WasiFunctions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * The WASI capabilities a module's imports ask for, each with what in `wharf run` grants it: `wharf inspect` joins the
 * imports binary/ lists with what wasi/ declares each preview1 function touches.
 *
 * @param module the WASI import module used ("wasi_snapshot_preview1"), null when the module imports no WASI
 * @param capabilities the families asked for, in a fixed order, each with what grants it
 * @param unknownFunctions WASI imports that are not preview1 functions Wharf provides
 */
record WasiUsage(String module, List<CapabilityUse> capabilities, List<String> unknownFunctions) {

    /** @param functions the module's imports in this family @param grantedBy what in `wharf run` grants it */
    record CapabilityUse(String family, List<String> functions, String grantedBy) {}

    static WasiUsage of(ModuleInfo info) {
        String wasiModule = null;
        var byCapability = new EnumMap<Capability, List<String>>(Capability.class);
        var unknown = new ArrayList<String>();
        for (var group : info.imports()) {
            if (!WasiFunctions.MODULES.contains(group.module())) {
                continue;
            }
            for (var imp : group.imports()) {
                if (!imp.kind().equals("func")) {
                    continue;
                }
                wasiModule = wasiModule == null ? imp.module() : wasiModule;
                WasiFunctions.capabilityOf(imp.name())
                        .ifPresentOrElse(
                                c -> byCapability
                                        .computeIfAbsent(c, k -> new ArrayList<>())
                                        .add(imp.name()),
                                () -> unknown.add(imp.name()));
            }
        }
        var uses = byCapability.entrySet().stream()
                .map(e -> new CapabilityUse(
                        e.getKey().family(),
                        List.copyOf(e.getValue()),
                        e.getKey().grantedBy()))
                .toList();
        return new WasiUsage(wasiModule, uses, List.copyOf(unknown));
    }
}
