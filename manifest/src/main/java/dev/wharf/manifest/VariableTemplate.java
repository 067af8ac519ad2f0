package dev.wharf.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code "Bearer {{ api_key }}"}-style templates in component variables: literal text and {{ name }} references. */
final class VariableTemplate {
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private VariableTemplate() {}

    /**
     * The variable names a template uses, in order.
     *
     * @throws IllegalArgumentException for an unclosed {{ or a name that is not a valid variable name
     */
    static List<String> names(String template) {
        var names = new ArrayList<String>();
        var m = REFERENCE.matcher(template);
        int end = 0;
        while (m.find()) {
            if (template.substring(end, m.start()).contains("{{")) {
                throw new IllegalArgumentException("unclosed '{{' in \"" + template + "\"");
            }
            var name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "'{{ " + name + " }}' is not a variable name (lowercase letters, digits, '_')");
            }
            names.add(name);
            end = m.end();
        }
        if (template.substring(end).contains("{{")) {
            throw new IllegalArgumentException("unclosed '{{' in \"" + template + "\"");
        }
        return names;
    }

    /** Replaces each {{ name }} with its value; every name must be in values (the loader checked). */
    static String expand(String template, Map<String, String> values) {
        var m = REFERENCE.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            var value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for variable " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
