package dev.wharf.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariableResolverTest {
    @TempDir
    Path tmp;

    private App app() {
        return new AppDir(tmp).wasm("api.wasm").load("""
                spin_manifest_version = 2
                [application]
                name = "app"
                [variables]
                region = { default = "eu" }
                api_key = { required = true, secret = true }
                log_level = { default = "info" }
                [component.api]
                source = "api.wasm"
                variables = { auth = "Bearer {{ api_key }}", endpoint = "https://{{region}}.example.com/{{ region }}", plain = "x" }
                """).app();
    }

    @Test
    void defaultsThenSpinThenWharfEnvironment() {
        var resolved = VariableResolver.resolve(
                app(),
                Map.of(
                        "SPIN_VARIABLE_API_KEY", "from-spin",
                        "SPIN_VARIABLE_REGION", "us",
                        "WHARF_VARIABLE_REGION", "ap",
                        "WHARF_VARIABLE_UNDECLARED", "ignored"));
        assertEquals(Map.of("region", "ap", "api_key", "from-spin", "log_level", "info"), resolved.values());
        assertEquals(
                Map.of("auth", "Bearer from-spin", "endpoint", "https://ap.example.com/ap", "plain", "x"),
                resolved.forComponent("api"));
    }

    @Test
    void outboundHostTemplatesExpandComponentVariablesFirstThenApplicationOnes() {
        var app = new AppDir(tmp).wasm("api.wasm").load("""
                spin_manifest_version = 2
                [application]
                name = "app"
                [variables]
                region = { default = "eu" }
                backend = { default = "db.internal:5432" }
                [component.api]
                source = "api.wasm"
                variables = { backend = "{{ region }}.api.example.com" }
                allowed_outbound_hosts = ["https://{{ backend }}", "https://{{region}}.cdn.example.com", "redis://*:6379"]
                """).app();
        assertEquals(
                List.of("https://eu.api.example.com", "https://eu.cdn.example.com", "redis://*:6379"),
                VariableResolver.resolve(app, Map.of()).allowedOutboundHosts("api"));
        assertEquals(
                List.of("https://us.api.example.com", "https://us.cdn.example.com", "redis://*:6379"),
                VariableResolver.resolve(app, Map.of("WHARF_VARIABLE_REGION", "us"))
                        .allowedOutboundHosts("api"));
    }

    @Test
    void aRequiredVariableWithoutValueNamesTheVariableToSet() {
        var e = assertThrows(ManifestException.class, () -> VariableResolver.resolve(app(), Map.of()));
        assertEquals(
                tmp.resolve("spin.toml")
                        + ": variable 'api_key' is required and has no value: set WHARF_VARIABLE_API_KEY (or SPIN_VARIABLE_API_KEY)",
                e.getMessage());
        assertEquals("variables.api_key", e.key());
    }

    @Test
    void aVariableWithNeitherDefaultNorRequiredFailsOnlyWhereUsed() {
        var app = new AppDir(tmp).wasm("api.wasm").wasm("web.wasm").load("""
                spin_manifest_version = 2
                [application]
                name = "app"
                [variables]
                theme = {}
                [component.api]
                source = "api.wasm"
                variables = { look = "{{ theme }}" }
                [component.web]
                source = "web.wasm"
                variables = { fixed = "x" }
                """).app();
        var resolved = VariableResolver.resolve(app, Map.of());
        assertEquals(Map.of(), resolved.values());
        assertEquals(Map.of("fixed", "x"), resolved.forComponent("web"));
        var e = assertThrows(ManifestException.class, () -> resolved.forComponent("api"));
        assertEquals(
                tmp.resolve("spin.toml") + ": component api uses variable 'theme', which has no value:"
                        + " set WHARF_VARIABLE_THEME or give it a default in [variables]",
                e.getMessage());
        assertEquals(
                Map.of("look", "dark"),
                VariableResolver.resolve(app, Map.of("SPIN_VARIABLE_THEME", "dark"))
                        .forComponent("api"));
    }

    @Test
    void secretsAreMaskedWhenPrinted() {
        var resolved = VariableResolver.resolve(app(), Map.of("WHARF_VARIABLE_API_KEY", "hunter2"));
        assertFalse(resolved.toString().contains("hunter2"));
        assertEquals("{region=eu, api_key=***, log_level=info}", resolved.toString());
        assertEquals(true, resolved.isSecret("api_key"));
    }

    @Test
    void valuesAreInsertedLiterally() {
        var resolved = VariableResolver.resolve(app(), Map.of("WHARF_VARIABLE_API_KEY", "$1 \\ {{ region }}"));
        assertEquals("Bearer $1 \\ {{ region }}", resolved.forComponent("api").get("auth"));
    }
}
