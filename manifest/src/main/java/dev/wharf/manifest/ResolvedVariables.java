package dev.wharf.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every app variable with its final value, and the component variables expanded from them. */
public final class ResolvedVariables {
    private final App app;
    private final Map<String, String> values;
    private final Set<String> secrets;

    ResolvedVariables(App app, Map<String, String> values, Set<String> secrets) {
        this.app = app;
        this.values = Ordered.copyOf(values);
        this.secrets = Set.copyOf(secrets);
    }

    /** App variable values by name, in declaration order. */
    public Map<String, String> values() {
        return values;
    }

    public boolean isSecret(String name) {
        return secrets.contains(name);
    }

    /**
     * The component's variables with their {{ name }} templates expanded.
     *
     * @throws IllegalArgumentException for an unknown component id
     * @throws ManifestException when a template uses a variable that has no value (no default, not set)
     */
    public Map<String, String> forComponent(String componentId) {
        var component = app.components().get(componentId);
        if (component == null) {
            throw new IllegalArgumentException(
                    "no component '" + componentId + "' in app " + app.info().name());
        }
        var out = new LinkedHashMap<String, String>();
        component.variableTemplates().forEach((name, template) -> {
            for (var used : VariableTemplate.names(template)) {
                if (!values.containsKey(used)) {
                    var upper = used.toUpperCase(Locale.ROOT);
                    throw new ManifestException(
                            app.manifestPath(),
                            0,
                            "component." + componentId + ".variables." + name,
                            app.manifestPath() + ": component " + componentId + " uses variable '" + used
                                    + "', which has no value: set WHARF_VARIABLE_" + upper
                                    + " or give it a default in [variables]");
                }
            }
            out.put(name, VariableTemplate.expand(template, values));
        });
        return Ordered.copyOf(out);
    }

    /**
     * The component's allowed_outbound_hosts with their {{ name }} templates expanded: a name is the component's
     * own variable if it has one by that name, else the application's (the parser checked one of them exists).
     *
     * @throws IllegalArgumentException for an unknown component id
     * @throws ManifestException when a variable a template uses has no value
     */
    public List<String> allowedOutboundHosts(String componentId) {
        var componentVariables = forComponent(componentId);
        var scope = new LinkedHashMap<String, String>(values);
        scope.putAll(componentVariables);
        var out = new ArrayList<String>();
        for (var entry : app.components().get(componentId).allowedOutboundHosts()) {
            for (var used : VariableTemplate.names(entry)) {
                if (!scope.containsKey(used)) {
                    throw new ManifestException(
                            app.manifestPath(),
                            0,
                            "component." + componentId + ".allowed_outbound_hosts",
                            app.manifestPath() + ": allowed_outbound_hosts of component " + componentId
                                    + " uses variable '"
                                    + used + "', which has no value: set WHARF_VARIABLE_"
                                    + used.toUpperCase(Locale.ROOT)
                                    + " or give it a default in [variables]");
                }
            }
            out.add(VariableTemplate.expand(entry, scope));
        }
        return List.copyOf(out);
    }

    /** Names and values, secrets masked: safe to log. */
    @Override
    public String toString() {
        var shown = new LinkedHashMap<String, String>();
        values.forEach((k, v) -> shown.put(k, secrets.contains(k) ? "***" : v));
        return shown.toString();
    }
}
