package dev.wharf.http;

import dev.wharf.runtime.LoadedModule;
import dev.wharf.runtime.Preopen;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One component made ready to serve: its module compiled (once, at startup or reload), and everything each
 * request's fresh instance is granted, worked out ahead so a request only adds its own CGI variables.
 *
 * @param environment the guest environment before the CGI variables: resolved variables (upper-cased names), then
 *     the component's `environment`, then `-e` values
 * @param preopens the component's `files`, read-only
 * @param keyValueStores the store labels the component declares; the only ones `wharf:kv` opens for it
 * @param variables the component's variables, templates expanded; what `wharf:variables` reads
 * @param manifestName the manifest's file name, for messages that name the key to change
 * @param usesHostApi whether the module imports any `wharf:*` function
 */
record ComponentPlan(
        String id,
        LoadedModule module,
        List<Map.Entry<String, String>> environment,
        List<Preopen> preopens,
        AllowedHosts allowedHosts,
        Set<String> keyValueStores,
        Map<String, String> variables,
        String manifestName,
        boolean usesHostApi) {

    /** Whether the module imports any `wharf:*` function: only then does a request build the host API for it. */
    static boolean importsHostApi(LoadedModule module) {
        var imports = module.wasm().importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (HostApi.isHostModule(imports.getImport(i).module())) {
                return true;
            }
        }
        return false;
    }
}
