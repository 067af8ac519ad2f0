package dev.wharf.manifest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gives each app variable its value: the [variables] default, overridden by SPIN_VARIABLE_&lt;NAME&gt;, overridden
 * by WHARF_VARIABLE_&lt;NAME&gt; (NAME upper-cased), so a Spin deployment's environment works unchanged and a
 * Wharf-specific setting wins when both are set.
 */
public final class VariableResolver {
    private VariableResolver() {}

    /**
     * @param env the environment to read (System.getenv() in the CLI; a map in tests)
     * @throws ManifestException naming the first required variable with no value and the env var to set;
     *     a variable that is neither required nor defaulted is left out, and fails only where a component uses it
     */
    public static ResolvedVariables resolve(App app, Map<String, String> env) {
        var values = new LinkedHashMap<String, String>();
        var secrets = new HashSet<String>();
        for (var variable : app.variables().values()) {
            var upper = variable.name().toUpperCase(Locale.ROOT);
            var value = env.get("WHARF_VARIABLE_" + upper);
            if (value == null) {
                value = env.get("SPIN_VARIABLE_" + upper);
            }
            if (value == null) {
                value = variable.defaultValue().orElse(null);
            }
            if (value == null && variable.required()) {
                throw new ManifestException(
                        app.manifestPath(),
                        0,
                        "variables." + variable.name(),
                        app.manifestPath() + ": variable '" + variable.name()
                                + "' is required and has no value: set WHARF_VARIABLE_" + upper
                                + " (or SPIN_VARIABLE_" + upper + ")");
            }
            if (value == null) {
                // neither required nor defaulted (Spin allows it): an error only if a component uses it
                continue;
            }
            values.put(variable.name(), value);
            if (variable.secret()) {
                secrets.add(variable.name());
            }
        }
        return new ResolvedVariables(app, values, secrets);
    }
}
