package dev.wharf.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One [component.&lt;id&gt;] after validation.
 *
 * @param sourcePath the local .wasm to run; for a remote source, the downloaded file whose sha256 matched
 * @param remote where the module came from, when the manifest gave {@code { url, digest }}
 * @param files one mount per regular file, globs expanded and {@code exclude_files} applied
 * @param allowedOutboundHosts as written; empty means no outbound network
 * @param variableTemplates component variables as written, e.g. {@code api_key -> "{{ secret_key }}"}; every
 *     name a template uses is a declared app variable. Expand with {@link VariableResolver}.
 */
public record Component(
        String id,
        Path sourcePath,
        Optional<RemoteSource> remote,
        List<FileMount> files,
        Map<String, String> environment,
        List<String> allowedOutboundHosts,
        List<String> keyValueStores,
        Map<String, String> variableTemplates,
        Optional<BuildSpec> build) {

    public Component {
        files = List.copyOf(files);
        environment = Ordered.copyOf(environment);
        allowedOutboundHosts = List.copyOf(allowedOutboundHosts);
        keyValueStores = List.copyOf(keyValueStores);
        variableTemplates = Ordered.copyOf(variableTemplates);
    }
}
